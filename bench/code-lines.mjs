// Code lines of the main entry's hand-written files: src/ reachable from src/index.ts (esbuild's
// metafile), lines holding a token, comments and blank lines aside (TypeScript's scanner).
//   node bench/code-lines.mjs [--entry=src/index.ts]
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { ROOT } from "./target.mjs";

/** Lines of `text` on which the scanner finds a token other than trivia. */
export function codeLines(text) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, text);
  const lines = new Set();
  const lineOf = (pos) => ts.getLineAndCharacterOfPosition(source, pos).line;
  const source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    // A template or a multi-line string counts on every line it spans.
    for (let line = lineOf(scanner.getTokenStart()); line <= lineOf(scanner.getTokenEnd() - 1); line++) lines.add(line);
  }
  return lines.size;
}

/** Each hand-written file the entry reaches, with its code lines. */
export async function mainEntryLines(entry = join(ROOT, "src", "index.ts")) {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, packages: "external", format: "esm", platform: "node", logLevel: "error" });
  const srcDir = dirname(entry) + "/";
  const files = Object.keys(result.metafile.inputs).map((input) => join(ROOT, input)).filter((file) => file.startsWith(srcDir));
  return files.map((file) => ({ file: relative(ROOT, file), lines: codeLines(readFileSync(file, "utf8")) })).sort((a, b) => b.lines - a.lines);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const entry = process.argv.find((arg) => arg.startsWith("--entry="))?.slice(8);
  const files = await mainEntryLines(entry && join(process.cwd(), entry));
  for (const { file, lines } of files) console.log(`${String(lines).padStart(5)}  ${file}`);
  console.log(`${String(files.reduce((sum, f) => sum + f.lines, 0)).padStart(5)}  total, ${files.length} files`);
}
