// The testing examples of the README and docs/testing.md (scripts/fixtures/testing-kit/) run as a
// user runs them: the package is built and packed, the tarball unpacked into a fresh project's
// node_modules (no Prism there, and no source of this repository), and the Vitest, MSW and Jest
// examples run in it with the test runners of this repository (linked in, as an installed copy
// would be). Each example is shown as it is here, in one of the two, so what they say is what ran.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENTS, readDocument, typescriptSnippets } from "../helpers/documents";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = join(ROOT, "scripts", "fixtures", "testing-kit");
/** Where a user reads the examples: the README's one, then the testing page's. */
const SHOWN_IN = ["README.md", "docs/testing.md"].map((path) => ({ path, text: readFileSync(join(ROOT, path), "utf8") }));
/** Building, packing and three runners in child processes: slow by design on a loaded 2-core machine. */
const LIMIT_MS = 240_000;
/**
 * What the examples need besides the package: the runners, msw for the MSW one, and what the other
 * snippets import (OpenTelemetry, pino) for their type check. Prism is not among them.
 */
const LINKED = ["vitest", "jest", "msw", "@types/node", "@opentelemetry/api", "@opentelemetry/instrumentation-undici", "pino"];

const example = (name: string) => readFileSync(join(EXAMPLES, name), "utf8");

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, NODE_OPTIONS: "", VITEST: undefined, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NODE_ENV: "test" } as Record<string, string | undefined>;
    for (const key of Object.keys(env)) if (env[key] === undefined || key.startsWith("npm_")) delete env[key];
    const child = spawn(command, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output: stripVTControlCharacters(output) }));
  });
}

let project: string;
let temp: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), "paywise-testing-examples-"));
  // The build goes to a folder of its own: dist/ of the repository stays as it was.
  const stage = join(temp, "package");
  const built = await run(process.execPath, [join(ROOT, "node_modules", "tsdown", "dist", "run.mjs"), "--out-dir", join(stage, "dist"), "--no-clean"], ROOT);
  if (built.code !== 0) throw new Error(`tsdown failed:\n${built.output}`);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
  for (const file of pkg.files.filter((name) => name !== "dist")) cpSync(join(ROOT, file), join(stage, file), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(stage, "package.json"));
  const packed = await run("npm", ["pack", "--json", "--pack-destination", temp], stage);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  const tarball = join(temp, (JSON.parse(packed.output.slice(packed.output.indexOf("["))) as { filename: string }[])[0]!.filename);

  project = join(temp, "project");
  const installed = join(project, "node_modules", "@paywise", "sdk");
  mkdirSync(installed, { recursive: true });
  const unpacked = await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], temp);
  if (unpacked.code !== 0) throw new Error(`tar failed:\n${unpacked.output}`);
  for (const name of LINKED) {
    mkdirSync(join(project, "node_modules", name, ".."), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(project, "node_modules", name), "dir");
  }
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "paywise-testing-examples", private: true, type: "module" }, null, 2));
  writeFileSync(join(project, "vitest.config.mjs"), "export default { test: { include: ['*.test.ts'], testTimeout: 30000 } };\n");
  writeFileSync(join(project, "jest.config.cjs"), "module.exports = { testMatch: ['**/*.jest.test.cjs'], testTimeout: 30000 };\n");
  for (const name of readdirSync(EXAMPLES).filter((file) => file.includes(".test."))) cpSync(join(EXAMPLES, name), join(project, name));
}, LIMIT_MS);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe("the testing examples of the README and docs/testing.md", () => {
  it.each(readdirSync(EXAMPLES).filter((file) => file.includes(".test.")))("shows %s as it is, in one place", (name) => {
    const fence = name.endsWith(".cjs") ? "js" : "ts";
    const shownIn = SHOWN_IN.filter(({ text }) => text.includes("```" + fence + "\n" + example(name) + "```")).map(({ path }) => path);
    expect(shownIn).toHaveLength(1);
  });

  it("shows one of them in the README", () => {
    const inReadme = readdirSync(EXAMPLES).filter((name) => name.includes(".test.") && SHOWN_IN[0]!.text.includes(example(name)));
    expect(inReadme).toHaveLength(1);
  });

  it("compiles every TypeScript snippet of the README and docs/ against the packed package's declarations", { timeout: LIMIT_MS }, async () => {
    const snippets = DOCUMENTS.flatMap((path) => typescriptSnippets(readDocument(path)).map((snippet) => ({ path, ...snippet })));
    mkdirSync(join(project, "snippets"));
    // Each snippet is its own module, as a user pastes it into a file of their own.
    for (const { path, line, code } of snippets) writeFileSync(join(project, "snippets", `${path.replace(/\//g, "-")}-line-${line}.ts`), code);
    const compilerOptions = { target: "ES2022", lib: ["ES2023"], module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] };
    // What `tsc -p` in the project does, in this process: a child would only add TypeScript's start-up.
    const config = ts.parseJsonConfigFileContent({ compilerOptions, include: ["snippets"] }, ts.sys, project);
    const host = ts.createCompilerHost(config.options);
    host.getCurrentDirectory = () => project;
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, configFileParsingDiagnostics: config.errors });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(snippets.length).toBeGreaterThan(DOCUMENTS.length);
    expect(config.fileNames).toHaveLength(snippets.length);
    expect(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => project, getNewLine: () => "\n" })).toBe("");
  });

  it("installs without Prism", () => {
    expect(existsSync(join(project, "node_modules", "@stoplight", "prism-cli"))).toBe(false);
    expect(existsSync(join(project, "node_modules", "@paywise", "sdk", "dist", "testing-msw.js"))).toBe(true);
  });

  it("runs the Vitest and MSW examples against the packed package", { timeout: LIMIT_MS }, async () => {
    const { code, output } = await run(process.execPath, [join(project, "node_modules", "vitest", "vitest.mjs"), "run", "--config", "vitest.config.mjs"], project);
    expect(output).toMatch(/Tests\s+\S*\s*10 passed/);
    expect(code, output).toBe(0);
  });

  it("runs the Jest example against the packed package, on Jest's fake timers", { timeout: LIMIT_MS }, async () => {
    const { code, output } = await run(process.execPath, [join(project, "node_modules", "jest", "bin", "jest.js"), "--ci", "--config", "jest.config.cjs"], project);
    expect(output).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(code, output).toBe(0);
  });
});
