// Types for overlay.mjs, which tests import.
export function applyOverlay<Spec>(spec: Spec, overlay: unknown, names: { specName: string; overlayName: string; strict?: boolean; note?: (line: string) => void }): Promise<Spec>;
