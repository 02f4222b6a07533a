// What an editor shows on hover over each field of the public Params and Result types (issue 16,
// item 6), read through the TypeScript language service as an editor reads it. check-package
// compares the built declarations (dist/) with the sources: a doc comment that the build moves to
// where TypeScript no longer attaches it (after the previous field, on its line) shows up as a
// field whose hover lost its text.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

/** Nested objects are followed this deep (`account.display_name` is depth 2). */
const MAX_DEPTH = 4;

const OPTIONS = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ["node"],
};

function languageService(probe, text) {
  const files = new Map([[probe, { text, version: 0 }]]);
  const host = {
    getScriptFileNames: () => [probe],
    getScriptVersion: (file) => String(files.get(file)?.version ?? 0),
    getScriptSnapshot: (file) => {
      const text = files.get(file)?.text ?? (ts.sys.fileExists(file) ? ts.sys.readFile(file) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => dirname(probe),
    getCompilationSettings: () => OPTIONS,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => files.has(file) || ts.sys.fileExists(file),
    readFile: (file) => files.get(file)?.text ?? ts.sys.readFile(file),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const update = (next) => files.set(probe, { text: next, version: (files.get(probe)?.version ?? 0) + 1 });
  return { service, update };
}

/** Every property path of a type, following nested objects (not arrays or functions). */
function fieldPaths(checker, type, depth = 1) {
  const out = [];
  for (const property of checker.getPropertiesOfType(type)) {
    out.push([property.name]);
    if (depth >= MAX_DEPTH) continue;
    const inner = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    if (!(inner.flags & ts.TypeFlags.Object) || checker.isArrayType(inner) || inner.getCallSignatures().length) continue;
    for (const path of fieldPaths(checker, inner, depth + 1)) out.push([property.name, ...path]);
  }
  return out;
}

const docText = (info) =>
  [ts.displayPartsToString(info?.documentation ?? []), ...(info?.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text ?? [])}`)].join("\n").trim();

/**
 * The hover text of every field of the named types, as exported by `entry` (a module specifier
 * relative to `dir`): `Map<"Type.path.to.field", text>`, empty text where the hover shows none.
 */
export function hoverDocs(dir, entry, typeNames) {
  const probe = join(dir, "__hover-docs-probe.ts");
  const declarations = [`import type { ${typeNames.join(", ")} } from ${JSON.stringify(entry)};`, ...typeNames.map((name) => `declare const v_${name}: ${name};`)].join("\n");
  const { service, update } = languageService(probe, declarations);
  const program = /** @type {ts.Program} */ (service.getProgram());
  const checker = program.getTypeChecker();
  const file = /** @type {ts.SourceFile} */ (program.getSourceFile(probe));
  const problems = ts.getPreEmitDiagnostics(program, file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length) throw new Error(`${probe}: ${problems.join("; ")}`);
  const paths = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const declaration = statement.declarationList.declarations[0];
    const name = declaration.name.getText(file).slice(2);
    for (const path of fieldPaths(checker, checker.getTypeAtLocation(declaration.name))) paths.push({ name, path });
  }
  // One expression per field; the hover is taken on its last name, as an editor user would point.
  let text = declarations + "\n";
  const positions = [];
  for (const { name, path } of paths) {
    const expression = `v_${name}` + path.map((key, i) => `${i ? "!" : ""}[${JSON.stringify(key)}]`).join("");
    positions.push({ key: `${name}.${path.join(".")}`, at: text.length + expression.lastIndexOf(JSON.stringify(path.at(-1))) + 1 });
    text += `${expression};\n`;
  }
  update(text);
  return new Map(positions.map(({ key, at }) => [key, docText(service.getQuickInfoAtPosition(probe, at))]));
}

/** The Params and Result type names of the newest contract's methods, as the generator names them. */
export function publicTypeNames(resourcesFile) {
  const text = readFileSync(resourcesFile, "utf8");
  return [...text.matchAll(/^\s*\w+\(params: (\w+), options\?: \w+\): APIPromise<(\w+)>/gm)].flatMap((match) => [match[1], match[2]]);
}
