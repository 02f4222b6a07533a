// What an editor shows for the generated methods (issue 9): the named types, not their expansion.
// The TypeScript checker renders each signature exactly as a hover would. The methods and their
// type names come from the contract and the overlay (the generator's own naming rule), so the
// test covers every method of whatever contract is newest.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { applyOverlay } from "../../scripts/lib/overlay.mjs";
import { sdkOperations } from "../../scripts/lib/sdk-names.mjs";
import { SPEC_FILE, spec } from "../helpers/spec";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const resources = readFileSync(new URL(`../../generated/${basename(SPEC_FILE, ".yaml")}/resources.ts`, import.meta.url), "utf8");
const overlay = parse(readFileSync(new URL("../../openapi/pw-wrappers.overlay.yaml", import.meta.url), "utf8"));

// A whole program over src/ takes seconds on a loaded machine (9.9 s seen on 2 busy cores).
it("shows each method's named Params, Options and Result types", { timeout: 120_000 }, async () => {
  const methods = sdkOperations(await applyOverlay(spec, overlay, { specName: SPEC_FILE, overlayName: "overlay", strict: false, note: () => {} }));
  expect(methods.length).toBeGreaterThan(0);
  const probe = `${entry.replace(/index\.ts$/, "")}__hover-probe.ts`;
  const source = [
    `import type { PayWise } from "./index";`,
    "declare const paywise: PayWise;",
    ...methods.map(({ resource, method }) => `export const ${resource}_${method} = paywise.${resource}.${method};`),
  ].join("\n");
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ["node"] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (file) => (file === probe ? source : readFile(file));
  host.fileExists = ((exists) => (file: string) => file === probe || exists(file))(host.fileExists);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (file, version, onError) => (file === probe ? ts.createSourceFile(file, source, version) : getSourceFile(file, version, onError));
  const program = ts.createProgram([probe], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probe)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
  const shown = (name: string) => checker.typeToString(checker.getTypeOfSymbolAtLocation(exported.find((s) => s.name === name)!, file));
  for (const { resource, method, types } of methods) {
    // A method with header options of its own takes `<Method>Options`; the others the common RequestOptions.
    const optionsType = new RegExp(`^export interface ${types.options}\\b`, "m").test(resources) ? types.options : "RequestOptions";
    expect(shown(`${resource}_${method}`), `paywise.${resource}.${method}`).toBe(`(params: ${types.params}, options?: ${optionsType} | undefined) => APIPromise<${types.result}>`);
  }
});
