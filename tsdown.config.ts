// The published build (issue 5): ESM and CommonJS, each with its own declarations, for the root
// entry, `@paywise/sdk/testing` and `@paywise/sdk/observability`, and apart from them the `paywise`
// bin (dist/cli.js). package.json's exports map and bin point at these files;
// `npm run test:package` checks the two agree and installs the result into a fresh project.
import { defineConfig, type Rolldown } from "tsdown";
import { lazyParsing } from "./scripts/lib/lazy-parse.mjs";

/**
 * THE BUNDLING SWITCH (issue 6 measures the cold-start and size trade-off).
 * - false: openapi-fetch and zod stay imports; they are package.json `dependencies` (caret ranges),
 *   so npm dedupes them with a user's own copies.
 * - true: both are inlined into dist/ (their declarations stay out: see `dts` below). Then also move them from `dependencies` to
 *   `devDependencies` in package.json; scripts/check-package.mjs fails while the two disagree.
 */
const BUNDLE_RUNTIME_DEPENDENCIES = true;
const RUNTIME_DEPENDENCIES = [/^openapi-fetch(\/|$)/, /^zod(\/|$)/];

/**
 * Fails the build when code from node_modules other than the runtime dependencies lands in dist/
 * (what tsdown's `deps.onlyBundle` checks). tsdown's own check also runs on the separate pass that
 * writes the CommonJS declarations, which bundles no dependency, and there reports every entry as
 * "not used in the bundle" on each build; this plugin runs on the code passes only.
 */
const onlyRuntimeDependencies: Rolldown.Plugin = {
  name: "paywise:only-runtime-dependencies",
  generateBundle(_options, bundle) {
    const strays = new Set<string>();
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== "chunk") continue;
      for (const id of chunk.moduleIds) {
        const name = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1]?.replace("\\", "/");
        if (name && !RUNTIME_DEPENDENCIES.some((pattern) => pattern.test(name))) strays.add(name);
      }
    }
    if (strays.size) this.error(`dist/ would bundle ${[...strays].join(", ")}: only openapi-fetch and zod are meant to be inlined (tsdown.config.ts)`);
  },
};

/**
 * In the CommonJS build of a `"type": "module"` package, rolldown imports a CommonJS dependency in
 * Node's mode (`__toESM(mod, 1)`), which makes the default import the whole `module.exports` even
 * when the dependency marks itself `__esModule` with an `exports.default`. openapi-fetch's
 * `createClient` then is not a function (tsdown issue 1054, rolldown issue 10800). The sources are
 * type-checked with bundler semantics, where that default import is `exports.default`, so the
 * CommonJS build gets the same: `__toESM(mod)`. A no-op once rolldown stops emitting the flag.
 */
const cjsEsModuleInterop: Rolldown.Plugin = {
  name: "paywise:cjs-esmodule-interop",
  renderChunk(code, _chunk, options) {
    if (options.format !== "cjs") return null;
    return code.replace(/__toESM\(([\w$.]+(?:\(\))?), 1\)/g, "__toESM($1)");
  },
};

const deps = BUNDLE_RUNTIME_DEPENDENCIES ? { alwaysBundle: RUNTIME_DEPENDENCIES, onlyBundle: false as const } : { neverBundle: RUNTIME_DEPENDENCIES };
const plugins = BUNDLE_RUNTIME_DEPENDENCIES ? [cjsEsModuleInterop, onlyRuntimeDependencies] : [cjsEsModuleInterop];
/** As tsdown's command line does by default: a bundler warning fails the build. */
const failOnWarn = true;
/**
 * rolldown's notice that a plugin took a large share of the build time: on a shared machine it
 * measures the load, and the dts plugin is most of any build; nothing in this config to change.
 */
const checks = { pluginTimings: false };

/**
 * The entries, each its own file in dist/ (issue 32): the code of each is built on its own, so an
 * import of the root entry reads, compiles and links one file instead of four chunks, which was
 * most of its import cost. Code shared between entries is copied into each (the testing kit marks
 * its faults with a Symbol.for, so two copies still know each other's). The declarations are built
 * in one pass for all entries, sharing their types as before.
 * observability: openTelemetry() and callHooks(), apart so that a client without them does not bundle them (issue 17).
 * testing-msw: the fake's MSW handlers, apart from testing so that @paywise/sdk/testing never loads msw (an optional peer).
 */
/** Keeps only the declarations of a build: the code of each entry comes from a build of its own. */
const declarationsOnly: Rolldown.Plugin = {
  name: "paywise:declarations-only",
  generateBundle(_options, bundle) {
    for (const name of Object.keys(bundle)) if (!/\.d\.c?ts$/.test(name)) delete bundle[name];
  },
};

const ENTRIES = { index: "src/index.ts", testing: "src/testing/index.ts", "testing-msw": "src/testing/msw.ts", observability: "src/observability.ts" };
/**
 * Minified code (issue 32): less for Node to read and compile on import (no source maps ship, so
 * only V8 reads it). Class names stay, as util.inspect and stack traces show them.
 */
const classNames = { function: false, class: true };
const minify = { compress: { keepNames: classNames }, mangle: { keepNames: classNames } };

const library = {
  format: ["esm", "cjs"] as ("esm" | "cjs")[],
  platform: "node" as const,
  // The oldest Node in package.json's engines; Bun and Deno run this syntax too.
  target: "node20",
  // With "type": "module": index.js + index.d.ts for import, index.cjs + index.d.cts for require.
  fixedExtension: false,
  deps,
  // No source maps: they would ship the sources' comments and paths, and nobody debugs through them.
  sourcemap: false,
  // src/testing finds the bundled spec and Prism from import.meta.url. For the CommonJS build
  // rolldown itself rewrites that to pathToFileURL(__filename) (platform "node"), so tsdown's
  // `shims` (__dirname and __filename in ESM) is not needed; test-consumer checks specPath() in both.
  plugins,
  failOnWarn,
  checks,
};

export default defineConfig([
  // The declarations only. stripInternal: what is marked @internal (the resources' constructors,
  // which take the internal Core) stays out of them, and with it Core's openapi-fetch client and
  // zod schemas: the public types then name only the package's own types. check-package fails if they return.
  { ...library, entry: ENTRIES, dts: { compilerOptions: { stripInternal: true } }, plugins: [...plugins, declarationsOnly] },
  // Then rewritten after the minifier so that V8 parses less of it at import (scripts/lib/lazy-parse.mjs).
  ...Object.entries(ENTRIES).map(([name, file]) => ({ ...library, entry: { [name]: file }, dts: false, minify, plugins: [...plugins, lazyParsing] })),
  // The `paywise` command line (package.json "bin", issue 23): a build of its own, so the entries
  // above neither load nor bundle it. ESM only, as a bin is run, never imported; no declarations.
  // Its source starts with the #!/usr/bin/env node line, which the build keeps.
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    fixedExtension: false,
    dts: false,
    deps,
    sourcemap: false,
    plugins,
    failOnWarn,
    checks,
  },
]);
