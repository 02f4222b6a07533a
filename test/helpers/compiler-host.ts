// The compiler host of the tests that build TypeScript programs in-process (issue 30, item 4): it
// parses as `tsc` does, and it lets two programs of one test share the files they both read (lib,
// node_modules, src/), parsing and binding each once, as an editor shares them between projects.
import ts from "typescript";

/** Parsed and bound files, for the programs built with the same cache. */
export type SourceFileCache = Map<string, ts.SourceFile | undefined>;

/** Only for its key: which options change how a file is parsed or bound (target, module, strict, …). */
const registry = ts.createDocumentRegistry();

/**
 * A host for `options` that parses as tsc does: tsc reads a TypeScript file's JSDoc only where it can
 * change a diagnostic (a `@see` or `@link` uses an import), and every JavaScript file's in full. What
 * a file's JSDoc says is otherwise never checked in a .ts or .d.ts file, so the diagnostics are tsc's.
 *
 * With a `cache`, a file is taken from it when an earlier program parsed it under options that parse
 * and bind alike; options that only change checking or module resolution (checkJs, noImplicitAny,
 * paths, …) do not, so tsconfig.scripts.json's program takes tsconfig.json's files as they are.
 * TypeScript's own document registry shares files on the same key; each program's checker keeps its
 * types apart from the files, so no check of one program reaches another.
 */
export function tscHost(options: ts.CompilerOptions, cache?: SourceFileCache): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  if (!cache) return host;
  const settings = registry.getKeyForCompilationSettings(options);
  const { getSourceFile } = host;
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const { languageVersion, impliedNodeFormat, jsDocParsingMode } = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const key = [settings, languageVersion, impliedNodeFormat, jsDocParsingMode, fileName].join("|");
    if (!shouldCreateNewSourceFile && cache.has(key)) return cache.get(key);
    const file = getSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    cache.set(key, file);
    return file;
  };
  return host;
}
