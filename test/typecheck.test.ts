// What `npm run typecheck` checks (tsconfig.json's files, then scripts/ as checked JavaScript with
// tsconfig.scripts.json), the TypeScript snippets of the README and docs/, examples/, and the hover
// text of the generated methods. The first three are TypeScript 7's native tsc (test/helpers/native-tsc.ts,
// issue 30, item 4): one run over tsconfig.json's files, examples/ and the snippets, one over
// scripts/, both at once. The hover text is TypeScript 5.9's checker, as an editor shows it, over
// the probe alone. A failure still names its snippet, file and line.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyOverlay } from "../scripts/lib/overlay.mjs";
import { sdkOperations } from "../scripts/lib/sdk-names.mjs";
import { DOCUMENTS, readDocument, ROOT, typescriptSnippets } from "./helpers/documents";
import { nativeTsc, type TscError } from "./helpers/native-tsc";
import { SPEC_FILE, spec } from "./helpers/spec";

const EXAMPLES_DIR = join(ROOT, "examples");
/** Two native tsc runs and a small TypeScript 5.9 program: seconds quiet, far more on a loaded machine. */
const LIMIT_MS = 300_000;

function configOf(file: string): ts.ParsedCommandLine {
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(file), undefined, file);
}

const main = configOf(join(ROOT, "tsconfig.json"));
const examples = configOf(join(EXAMPLES_DIR, "tsconfig.json"));
const scripts = configOf(join(ROOT, "tsconfig.scripts.json"));

/** An option set without what only says where a config file is or how it maps "@paywise/sdk". */
const withoutPlace = ({ configFilePath, baseUrl, paths, pathsBasePath, ...rest }: ts.CompilerOptions) => rest;

/** Where the snippets are written as files for tsc, with its project file: in the repository, so that node_modules resolves. */
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const WORK_DIR = mkdtempSync(join(ROOT, ".tmp", "typecheck-"));

/** Each snippet as its own module, as a reader pastes it into a file beside examples/. */
const snippets = DOCUMENTS.flatMap((path) =>
  typescriptSnippets(readDocument(path)).map(({ line, code }) => ({ file: join(WORK_DIR, `${path.replace(/\//g, "-")}-line-${line}.ts`), path, line, code })),
);
const exampleFiles = readdirSync(EXAMPLES_DIR)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => join(EXAMPLES_DIR, name));
/** A module beside src/index.ts that names each generated method, to read its type as an editor's hover shows it. */
const HOVER_PROBE = join(ROOT, "src", "__hover-probe.ts");

/** tsc's one-line report of an error; a snippet's is placed in its document, at the document's line. */
function report({ file, line, code, message }: TscError): string {
  if (!file || line === undefined) return `${code}: ${message}`;
  const snippet = snippets.find((entry) => entry.file === file);
  // The snippet's first line is the one after its fence.
  return snippet ? `${snippet.path}:${snippet.line + line - 1} (snippet of line ${snippet.line}) ${code}: ${message}` : `${relative(ROOT, file)}:${line} ${code}: ${message}`;
}

/** Whether a file's text is a module (an import or export), parsed alone. */
const isModule = (file: string, text: string) => ts.isExternalModule(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));

let methods: Awaited<ReturnType<typeof sdkOperations>>;
/** The first run's errors: tsconfig.json's files, examples/ and the snippets. */
let errors: TscError[];
/** The second run's: tsconfig.scripts.json's. */
let scriptErrors: TscError[];

beforeAll(async () => {
  for (const { file, code } of snippets) writeFileSync(file, code);
  // examples/tsconfig.json's options (tsconfig.json's, with "@paywise/sdk" mapped to src/) over
  // tsconfig.json's files as TypeScript 5.9 lists them, examples/ and the snippets.
  const project = join(WORK_DIR, "tsconfig.json");
  writeFileSync(project, JSON.stringify({ extends: join(EXAMPLES_DIR, "tsconfig.json"), include: [], files: [...main.fileNames, ...exampleFiles, ...snippets.map(({ file }) => file)] }));
  [errors, scriptErrors] = await Promise.all([nativeTsc(project, ROOT), nativeTsc(join(ROOT, "tsconfig.scripts.json"), ROOT)]);
  const overlay = parse(readFileSync(join(ROOT, "openapi/pw-wrappers.overlay.yaml"), "utf8"));
  methods = sdkOperations(await applyOverlay(spec, overlay, { specName: SPEC_FILE, overlayName: "overlay", strict: false, note: () => {} }));
}, LIMIT_MS);

afterAll(() => rmSync(WORK_DIR, { recursive: true, force: true }));

const inExamples = ({ file }: TscError) => file?.startsWith(`${EXAMPLES_DIR}/`) ?? false;
const ofSnippet = ({ file }: TscError) => snippets.some((snippet) => snippet.file === file);

describe("tsconfig.json (npm run typecheck's first tsc)", () => {
  it("type-checks src/, generated/, test/ with its type tests, bench/ and scripts/", () => {
    expect(main.fileNames.length).toBeGreaterThan(0);
    expect(errors.filter((error) => !inExamples(error) && !ofSnippet(error)).map(report)).toEqual([]);
  });

  it("is what examples/tsconfig.json extends, with only the package's paths added: the snippets are checked as a reader's tsx runs them", () => {
    expect(withoutPlace(examples.options)).toEqual(withoutPlace(main.options));
    expect(Object.keys(examples.options.paths ?? {})).toContain("@paywise/sdk");
  });
});

describe("README.md, docs/ and examples/", () => {
  it("have TypeScript snippets that compile as written, each as its own module", () => {
    expect(typescriptSnippets(readDocument("README.md")).length).toBeGreaterThanOrEqual(7);
    // A snippet without an import or export would be a script whose names are globals of the whole
    // program, src/ and the tests included; each one imports what it uses, as a reader's file does.
    const nonModules = snippets.filter(({ file, code }) => !isModule(file, code));
    expect(nonModules.map(({ path, line }) => `${path}:${line} is not a module`)).toEqual([]);
    expect(errors.filter(ofSnippet).map(report)).toEqual([]);
  });

  it("have examples/ that compile", () => {
    expect(exampleFiles.length).toBeGreaterThan(0);
    expect(exampleFiles.filter((file) => !isModule(file, readFileSync(file, "utf8"))).map((file) => `${relative(ROOT, file)} is not a module`)).toEqual([]);
    expect(errors.filter(inExamples).map(report)).toEqual([]);
  });
});

// What an editor shows for the generated methods (issue 9): the named types, not their expansion.
// TypeScript 5.9's checker renders each signature exactly as a hover would, in a program of the
// probe alone (src/ and what it imports); the methods and their type names come from the contract
// and the overlay (the generator's own naming rule), so every method of whatever contract is newest
// is covered.
it("shows each generated method's named Params, Options and Result types", { timeout: LIMIT_MS }, () => {
  expect(methods.length).toBeGreaterThan(0);
  const probe = [
    `import type { PayWise } from "./index";`,
    "declare const paywise: PayWise;",
    ...methods.map(({ resource, method }) => `export const ${resource}_${method} = paywise.${resource}.${method};`),
  ].join("\n");
  const options = { ...main.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  // As tsc parses: a TypeScript file's JSDoc only where it can change a diagnostic.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === HOVER_PROBE || fileExists.call(host, file);
  host.readFile = (file) => (file === HOVER_PROBE ? probe : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) => (file === HOVER_PROBE ? ts.createSourceFile(file, probe, language, true) : getSourceFile.call(host, file, language, ...rest));
  const program = ts.createProgram({ rootNames: [HOVER_PROBE], options, host });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(HOVER_PROBE)!;
  const probeErrors = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  expect(probeErrors.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))).toEqual([]);
  const resources = readFileSync(join(ROOT, "generated", basename(SPEC_FILE, ".yaml"), "resources.ts"), "utf8");
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
  const shown = (name: string) => checker.typeToString(checker.getTypeOfSymbolAtLocation(exported.find((symbol) => symbol.name === name)!, file));
  for (const { resource, method, types } of methods) {
    // A method with header options of its own takes `<Method>Options`; the others the common RequestOptions.
    const optionsType = new RegExp(`^export interface ${types.options}\\b`, "m").test(resources) ? types.options : "RequestOptions";
    expect(shown(`${resource}_${method}`), `paywise.${resource}.${method}`).toBe(`(params: ${types.params}, options?: ${optionsType} | undefined) => APIPromise<${types.result}>`);
  }
});

describe("tsconfig.scripts.json (npm run typecheck's second tsc)", () => {
  it("only relaxes tsconfig.json for scripts/ (checkJs on, implicit any and unchecked index access allowed)", () => {
    expect(withoutPlace(scripts.options)).toEqual({ ...withoutPlace(main.options), checkJs: true, noImplicitAny: false, noUncheckedIndexedAccess: false });
  });

  it("type-checks scripts/ as JavaScript", () => {
    expect(scripts.fileNames.length).toBeGreaterThan(0);
    expect(scriptErrors.map(report)).toEqual([]);
  });
});
