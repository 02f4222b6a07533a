// What an editor shows for the generated methods (issue 9): the named types, not their expansion.
// The TypeScript checker renders each signature exactly as a hover would.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

it("shows each method's named Params, Options and Result types", () => {
  const probe = `${entry.replace(/index\.ts$/, "")}__hover-probe.ts`;
  const source = `import type { PayWise } from "./index";\ndeclare const paywise: PayWise;\nexport const createSession = paywise.account.createSession;\nexport const getStatus = paywise.account.getStatus;\n`;
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
  const shown = (name: string) => {
    const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((s) => s.name === name)!;
    return checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, file));
  };
  expect(shown("createSession")).toBe("(params: CreateSessionParams, options?: CreateSessionOptions | undefined) => APIPromise<AccountSession>");
  expect(shown("getStatus")).toBe("(params: GetStatusParams, options?: RequestOptions | undefined) => APIPromise<AccountStatusResult>");
  // A whole program checked from scratch: seconds on a loaded machine.
}, 60_000);
