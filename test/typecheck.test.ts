// What `npm run typecheck` checks (tsconfig.json's files, then scripts/ as checked JavaScript with
// tsconfig.scripts.json), the TypeScript snippets of the README and docs/, examples/, and the hover
// text of the generated methods, all from one TypeScript program built in-process (issue 30,
// item 4). Each of these used to build a program of its own over src/ and generated/, three of them
// in a child process; now src/ is parsed and checked once, and each check reads its own files'
// diagnostics from the shared program, so a failure still names its snippet, file and line.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyOverlay } from "../scripts/lib/overlay.mjs";
import { sdkOperations } from "../scripts/lib/sdk-names.mjs";
import { type SourceFileCache, tscHost } from "./helpers/compiler-host";
import { DOCUMENTS, readDocument, ROOT, typescriptSnippets } from "./helpers/documents";
import { SPEC_FILE, spec } from "./helpers/spec";

const EXAMPLES_DIR = join(ROOT, "examples");
/** Two programs over src/, generated/, test/ and scripts/: half a minute of CPU quiet, far more on a loaded machine. */
const LIMIT_MS = 600_000;

function configOf(file: string): ts.ParsedCommandLine {
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(file), undefined, file);
}

const main = configOf(join(ROOT, "tsconfig.json"));
const examples = configOf(join(EXAMPLES_DIR, "tsconfig.json"));
const scripts = configOf(join(ROOT, "tsconfig.scripts.json"));

/** An option set without what only says where a config file is or how it maps "@paywise/sdk". */
const withoutPlace = ({ configFilePath, baseUrl, paths, pathsBasePath, ...rest }: ts.CompilerOptions) => rest;

/**
 * examples/tsconfig.json's paths ("@paywise/sdk" is src/), made absolute so that its baseUrl does not
 * reach the rest of the program: nothing under tsconfig.json imports the package by its name.
 */
const packagePaths = Object.fromEntries(Object.entries(examples.options.paths ?? {}).map(([name, targets]) => [name, targets.map((target) => resolve(examples.options.baseUrl ?? EXAMPLES_DIR, target))]));

/** Each snippet as its own module in examples/, as a reader pastes it into a file beside them. */
const snippets = DOCUMENTS.flatMap((path) =>
  typescriptSnippets(readDocument(path)).map(({ line, code }) => ({ file: join(EXAMPLES_DIR, `${path.replace(/\//g, "-")}-line-${line}.ts`), path, line, code })),
);
const exampleFiles = readdirSync(EXAMPLES_DIR)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => join(EXAMPLES_DIR, name));
/** A module beside src/index.ts that names each generated method, to read its type as an editor's hover shows it. */
const HOVER_PROBE = join(ROOT, "src", "__hover-probe.ts");

type Place = { file: string; line: number; text: string };
const where = (diagnostic: ts.Diagnostic): Place | undefined =>
  diagnostic.file && { file: diagnostic.file.fileName, line: diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1, text: diagnostic.file.text };

/** tsc's one-line report of a diagnostic; a snippet's is placed in its document, at the document's line. */
function report(diagnostic: ts.Diagnostic): string {
  const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  const place = where(diagnostic);
  if (!place) return message;
  const snippet = snippets.find((entry) => entry.file === place.file);
  // The snippet's first line is the one after its fence.
  return snippet ? `${snippet.path}:${snippet.line + place.line - 1} (snippet of line ${snippet.line}) ${message}` : `${relative(ROOT, place.file)}:${place.line} ${message}`;
}

/** The files both programs read (lib, node_modules, src/, scripts/), parsed and bound once for both. */
const parsedFiles: SourceFileCache = new Map();
let program: ts.Program;
let methods: Awaited<ReturnType<typeof sdkOperations>>;
/** The first program's diagnostics: tsconfig.json's, plus examples/ and the snippets. */
let diagnostics: ts.Diagnostic[];

beforeAll(async () => {
  const overlay = parse(readFileSync(join(ROOT, "openapi/pw-wrappers.overlay.yaml"), "utf8"));
  methods = sdkOperations(await applyOverlay(spec, overlay, { specName: SPEC_FILE, overlayName: "overlay", strict: false, note: () => {} }));
  const methodSource = [
    `import type { PayWise } from "./index";`,
    "declare const paywise: PayWise;",
    ...methods.map(({ resource, method }) => `export const ${resource}_${method} = paywise.${resource}.${method};`),
  ].join("\n");
  const virtual = new Map<string, string>([...snippets.map(({ file, code }) => [file, code] as const), [HOVER_PROBE, methodSource]]);
  const options = { ...main.options, paths: packagePaths, noEmit: true };
  const host = tscHost(options, parsedFiles);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language, true);
  };
  program = ts.createProgram({ rootNames: [...main.fileNames, ...exampleFiles, ...virtual.keys()], options, host, configFileParsingDiagnostics: [...main.errors, ...examples.errors] });
  diagnostics = [...ts.getPreEmitDiagnostics(program)];
}, LIMIT_MS);

const inExamples = (diagnostic: ts.Diagnostic) => where(diagnostic)?.file.startsWith(`${EXAMPLES_DIR}/`) ?? false;
const ofSnippet = (diagnostic: ts.Diagnostic) => snippets.some((snippet) => snippet.file === where(diagnostic)?.file);

describe("tsconfig.json (npm run typecheck's first tsc)", () => {
  it("type-checks src/, generated/, test/ with its type tests, bench/ and scripts/", () => {
    expect(main.fileNames.length).toBeGreaterThan(0);
    expect(diagnostics.filter((diagnostic) => !inExamples(diagnostic) && where(diagnostic)?.file !== HOVER_PROBE).map(report)).toEqual([]);
  });

  it("is what examples/tsconfig.json extends, with only the package's paths added: the snippets are checked as a reader's tsx runs them", () => {
    expect(withoutPlace(examples.options)).toEqual(withoutPlace(main.options));
    expect(Object.keys(packagePaths)).toContain("@paywise/sdk");
  });
});

describe("README.md, docs/ and examples/", () => {
  it("have TypeScript snippets that compile as written, each as its own module", () => {
    expect(typescriptSnippets(readDocument("README.md")).length).toBeGreaterThanOrEqual(7);
    // A snippet without an import or export would be a script whose names are globals of the whole
    // program, src/ and the tests included; each one imports what it uses, as a reader's file does.
    const nonModules = snippets.filter(({ file }) => !ts.isExternalModule(program.getSourceFile(file)!));
    expect(nonModules.map(({ path, line }) => `${path}:${line} is not a module`)).toEqual([]);
    expect(diagnostics.filter(ofSnippet).map(report)).toEqual([]);
  });

  it("have examples/ that compile", () => {
    expect(exampleFiles.length).toBeGreaterThan(0);
    expect(exampleFiles.filter((file) => !ts.isExternalModule(program.getSourceFile(file)!)).map((file) => `${relative(ROOT, file)} is not a module`)).toEqual([]);
    expect(diagnostics.filter((diagnostic) => inExamples(diagnostic) && !ofSnippet(diagnostic)).map(report)).toEqual([]);
  });
});

// What an editor shows for the generated methods (issue 9): the named types, not their expansion.
// The checker renders each signature exactly as a hover would; the methods and their type names
// come from the contract and the overlay (the generator's own naming rule), so every method of
// whatever contract is newest is covered.
it("shows each generated method's named Params, Options and Result types", () => {
  expect(methods.length).toBeGreaterThan(0);
  const resources = readFileSync(join(ROOT, "generated", basename(SPEC_FILE, ".yaml"), "resources.ts"), "utf8");
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(HOVER_PROBE)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
  const shown = (name: string) => checker.typeToString(checker.getTypeOfSymbolAtLocation(exported.find((symbol) => symbol.name === name)!, file));
  expect(diagnostics.filter((diagnostic) => where(diagnostic)?.file === HOVER_PROBE).map(report)).toEqual([]);
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

  it("type-checks scripts/ as JavaScript", { timeout: LIMIT_MS }, () => {
    // Takes the first program's parsed and bound files from the shared cache: as `oldProgram` it
    // gave none, since checkJs changes module resolution and so forbids reusing its structure. A
    // TypeScript module that program checked is not checked again here: under these options,
    // looser than its, it has no error that program lacks.
    const options = { ...scripts.options, noEmit: true };
    const second = ts.createProgram({ rootNames: scripts.fileNames, options, host: tscHost(options, parsedFiles), configFileParsingDiagnostics: scripts.errors });
    const checkedAlready = (file: ts.SourceFile) => !/\.[cm]?js$/.test(file.fileName) && program.getSourceFile(file.fileName) !== undefined;
    const found = [
      ...second.getConfigFileParsingDiagnostics(),
      ...second.getOptionsDiagnostics(),
      ...second.getGlobalDiagnostics(),
      ...second.getSourceFiles().flatMap((file) => [...second.getSyntacticDiagnostics(file), ...(checkedAlready(file) ? [] : second.getSemanticDiagnostics(file))]),
    ];
    expect(scripts.fileNames.length).toBeGreaterThan(0);
    expect(found.map(report)).toEqual([]);
  });
});
