// The compiler host of the tests that build TypeScript 5.9 programs in-process: it parses as `tsc`
// does. tsc reads a TypeScript file's JSDoc only where it can change a diagnostic (a `@see` or
// `@link` uses an import), and every JavaScript file's in full; what a file's JSDoc says is
// otherwise never checked in a .ts or .d.ts file, so skipping the rest keeps tsc's diagnostics and
// saves parsing it.
import ts from "typescript";

export function tscHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return host;
}
