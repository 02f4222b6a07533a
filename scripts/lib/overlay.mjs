// Applies openapi/pw-wrappers.overlay.yaml (OpenAPI Overlay 1.0) to a contract with openapi-format,
// strictly: an action that matches nothing (unless it says why it may, `x-pw-optional`), an action
// the library refuses, or an action that would change anything but `x-pw-*` extensions fails
// generation with what to do about it.
import { openapiOverlay } from "openapi-format";

/** The Overlay versions whose `update` merges as Overlay 1.0 says (openapi-format also reads 1.1). */
const OVERLAY_VERSION = /^1\.0\.\d+$/;
/** The extensions the generator reads; a misspelt one would otherwise be ignored without a word. */
const OWN_EXTENSIONS = ["x-pw-sensitive", "x-pw-retry", "x-pw-sdk-method", "x-pw-sdk-result", "x-pw-sdk-option", "x-pw-cli-flag"];

function describe(action, index) {
  const what = typeof action?.description === "string" ? ` ("${action.description.replace(/\s+/g, " ").trim()}")` : "";
  return `overlay action #${index + 1}${what}, target ${JSON.stringify(action?.target)}`;
}

/** Every action may only add our own extensions: the contract's types stay PayWise's. */
function checkOnlyExtensions(overlay, overlayName) {
  overlay.actions.forEach((action, index) => {
    const keys = action?.update && typeof action.update === "object" && !Array.isArray(action.update) ? Object.keys(action.update) : null;
    if (action?.remove !== undefined || !keys || keys.length === 0 || !keys.every((key) => OWN_EXTENSIONS.includes(key))) {
      throw new Error(
        `${overlayName}: ${describe(action, index)} must be an \`update\` that adds only the SDK's extensions ` +
          `(${OWN_EXTENSIONS.join(", ")}); the contract itself stays as PayWise publishes it.`,
      );
    }
  });
}

/**
 * The contract with the overlay applied (a new object; `spec` is left alone). Throws when the
 * overlay is malformed or, when `strict`, when any of its actions matches nothing in this contract;
 * otherwise `note` is told how many matched nothing. A note is what is expected (an optional action
 * on a contract that inlines its schemas, an older contract), so by default it goes to standard
 * output with the generator's other lines, and standard error stays for what went wrong.
 */
export async function applyOverlay(spec, overlay, { specName, overlayName, strict = true, note = (line) => console.log(line) }) {
  if (!overlay || typeof overlay !== "object" || !OVERLAY_VERSION.test(String(overlay.overlay)) || !Array.isArray(overlay.actions)) {
    throw new Error(`${overlayName}: not an OpenAPI Overlay 1.0 document (it needs \`overlay: 1.0.x\` and an \`actions\` list).`);
  }
  checkOnlyExtensions(overlay, overlayName);
  // openapi-format reports a refused action on console.error and leaves it unused; collect those
  // lines so the failure below can quote them.
  const refusals = [];
  const consoleError = console.error;
  console.error = (...args) => refusals.push(args.join(" "));
  let result;
  try {
    result = await openapiOverlay(structuredClone(spec), { overlaySet: overlay });
  } finally {
    console.error = consoleError;
  }
  // An action marked `x-pw-optional` (with why) may match nothing: a contract that inlines its
  // schemas has no shared component to mark, and the actions by field name still mark its fields.
  const unmatched = /** @type {any[]} */ (result.resultData.unusedActions);
  const optional = unmatched.filter((action) => typeof action?.["x-pw-optional"] === "string" && action["x-pw-optional"].trim() !== "");
  if (optional.length) note(`${specName}: ${optional.length} optional overlay action(s) match nothing, as they may: ${optional.map((action) => describe(action, overlay.actions.indexOf(action))).join("; ")}`);
  const unused = unmatched.filter((action) => !optional.includes(action)).map((action) => describe(action, overlay.actions.indexOf(action)));
  if (unused.length > 0 && !strict) {
    note(`${specName} (not the newest contract): ${unused.length} overlay action(s) match nothing; only the newest must match every one.`);
  } else if (unused.length > 0) {
    throw new Error(
      `${overlayName} does not fit ${specName}: ` +
        (unused.length === 1 ? "an action matches" : `${unused.length} actions match`) +
        " nothing in the contract:\n  " +
        unused.join("\n  ") +
        (refusals.length ? `\nopenapi-format said:\n  ${refusals.join("\n  ")}` : "") +
        `\nWhat to do: if the contract removed or renamed what the action marked, retarget the action at its new name, or delete it ` +
        `from ${overlayName} if it is gone; then run \`npm run generate\` again.`,
    );
  }
  return result.data;
}
