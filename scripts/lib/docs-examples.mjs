// The README's and docs/' examples against the packed tarball, as a user gets it: the testing
// examples (scripts/fixtures/testing-kit/) run with Vitest, MSW and Jest, and every TypeScript
// snippet compiles against the tarball's declarations. In a project of their own, with the tarball
// unpacked into its node_modules (no Prism there, and no source of this repository) and this
// repository's test runners linked in, as an installed copy would be. Run by
// scripts/test-consumer.mjs on the tarball it packed (npm run test:package), and by
// scripts/test-docs-examples.mjs on a tarball of its own (test:bump's additive copy); it used to be
// a test of npm test that built and packed the package a second time in CI (issue 30, item 4).
// That each testing example is shown in the docs, verbatim, stays in npm test
// (test/testing/readme-examples.test.ts).
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import ts from "typescript";
import { DOCUMENTS, readDocument, typescriptSnippets } from "../../test/helpers/documents.ts";
import { isolatedEnv, REPO_ROOT, run } from "./package-fixture.mjs";

const TESTING_EXAMPLES_DIR = join(REPO_ROOT, "scripts", "fixtures", "testing-kit");
/**
 * What the examples need besides the package: the runners, msw for the MSW one, and what the other
 * snippets import (OpenTelemetry, pino) for their type check. Prism is not among them.
 */
const LINKED = ["vitest", "jest", "msw", "@types/node", "@opentelemetry/api", "@opentelemetry/instrumentation-undici", "pino"];
/** The tests the examples hold, by runner: a test dropped from a file (or a file not found) fails the count. */
const EXPECTED_PASSED = { vitest: /Tests\s+\S*\s*10 passed/, jest: /Tests:\s+3 passed, 3 total/ };
/** A runner's start and its tests, on a loaded 2-core machine. */
const RUNNER_TIMEOUT_MS = 4 * 60_000;

/** The example files, each a test file a user would write (test/testing/readme-examples.test.ts picks them alike). */
const testingExamples = () => readdirSync(TESTING_EXAMPLES_DIR).filter((file) => file.includes(".test."));

/** `tarball` unpacked into `dir`/node_modules, the runners linked, the examples and the runners' configs written. */
async function createExamplesProject(dir, tarball) {
  const installed = join(dir, "node_modules", "@paywise", "sdk");
  mkdirSync(installed, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  for (const name of LINKED) {
    mkdirSync(join(dir, "node_modules", name, ".."), { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules", name), join(dir, "node_modules", name), "dir");
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "paywise-docs-examples", private: true, type: "module" }, null, 2));
  writeFileSync(join(dir, "vitest.config.mjs"), "export default { test: { include: ['*.test.ts'], testTimeout: 30000 } };\n");
  writeFileSync(join(dir, "jest.config.cjs"), "module.exports = { testMatch: ['**/*.jest.test.cjs'], testTimeout: 30000 };\n");
  for (const name of testingExamples()) cpSync(join(TESTING_EXAMPLES_DIR, name), join(dir, name));
}

/** Runs a runner's bin in the project and checks its count of passed tests; its output is quoted if it fails. */
async function runRunner(dir, runner, args) {
  const bin = { vitest: join("vitest", "vitest.mjs"), jest: join("jest", "bin", "jest.js") }[runner];
  // Without what a parent runner or `npm run` set, so the child runs as a user's `npx vitest` would.
  const env = isolatedEnv({ NODE_OPTIONS: "", NODE_ENV: "test" });
  for (const key of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[key];
  const { stdout, stderr } = await run(process.execPath, [join(dir, "node_modules", bin), ...args], { cwd: dir, env, timeoutMs: RUNNER_TIMEOUT_MS });
  const output = stripVTControlCharacters(stdout + stderr);
  if (!EXPECTED_PASSED[runner].test(output)) throw new Error(`${runner} exited 0 but did not report ${EXPECTED_PASSED[runner].source}:\n${output.slice(-4000)}`);
}

/**
 * Every ```ts snippet of the README and docs/ as its own module (as a user pastes it into a file of
 * their own), type-checked in this process as `tsc -p` in the project would, with node16-style
 * resolution of the package's exports; returns the number of snippets.
 */
function compileSnippets(dir) {
  const snippets = DOCUMENTS.flatMap((path) => typescriptSnippets(readDocument(path)).map((snippet) => ({ path, ...snippet })));
  if (snippets.length <= DOCUMENTS.length) throw new Error(`found ${snippets.length} TypeScript snippets in ${DOCUMENTS.length} documents: the extraction lost them`);
  mkdirSync(join(dir, "snippets"));
  for (const { path, line, code } of snippets) writeFileSync(join(dir, "snippets", `${path.replace(/\//g, "-")}-line-${line}.ts`), code);
  const compilerOptions = { target: "ES2022", lib: ["ES2023"], module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] };
  const config = ts.parseJsonConfigFileContent({ compilerOptions, include: ["snippets"] }, ts.sys, dir);
  if (config.fileNames.length !== snippets.length) throw new Error(`the program holds ${config.fileNames.length} of the ${snippets.length} snippets`);
  const host = ts.createCompilerHost(config.options);
  host.getCurrentDirectory = () => dir;
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, configFileParsingDiagnostics: config.errors });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => dir, getNewLine: () => "\n" }));
  }
  return snippets.length;
}

/** The checks, each a step of `step` (package-fixture's reporter), in `dir` (a new folder) on `tarball`. */
export async function checkDocsExamples(step, tarball, dir) {
  await step("unpack the tarball into a project for the docs' examples, without Prism, the runners linked in", async () => {
    await createExamplesProject(dir, tarball);
    if (existsSync(join(dir, "node_modules", "@stoplight", "prism-cli"))) throw new Error("Prism is in the examples' project: the testing kit has to work without it");
    if (!existsSync(join(dir, "node_modules", "@paywise", "sdk", "dist", "testing-msw.js"))) throw new Error("the tarball has no dist/testing-msw.js");
  });
  await step("the README's and docs/testing.md's Vitest and MSW examples pass against the tarball", () => runRunner(dir, "vitest", ["run", "--config", "vitest.config.mjs"]));
  await step("docs/testing.md's Jest example passes against the tarball, on Jest's fake timers", () => runRunner(dir, "jest", ["--ci", "--config", "jest.config.cjs"]));
  await step("every TypeScript snippet of the README and docs/ compiles against the tarball's declarations", () => {
    console.log(`  ${compileSnippets(dir)} snippets`);
  });
}
