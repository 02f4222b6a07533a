// Shared by the scripts that test the package as its users get it (check-package, test-consumer
// and its runtimes): running commands with their output kept for the error message, numbered steps,
// packing the tarball and installing it into a throw-away project outside this repository.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { JSON_MEDIA } from "./openapi.mjs";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/consumer/", import.meta.url));
export const repoPackage = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));

/** npm installs from the local cache can still take a while on a cold 2-core runner. */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** How much of a failed command's output an error quotes (the end is where the reason is). */
const QUOTED_OUTPUT_CHARS = 6_000;

/** Installs that must not reach for the network when the cache already has the package. */
export const NPM_INSTALL_FLAGS = ["install", "--no-audit", "--no-fund", "--prefer-offline"];

/**
 * The environment for commands run in a temporary project. Without what `npm run` adds for this
 * repository (its node_modules/.bin on PATH, npm_package_*, the local prefix) and without
 * NODE_PATH, so nothing there can resolve from the repository by accident and hide a packaging bug.
 */
export function isolatedEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === "NODE_PATH" || key === "INIT_CWD") continue;
    if (/^npm_(package|lifecycle)_/i.test(key) || /^npm_config_local_prefix$/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => entry !== "" && !entry.startsWith(REPO_ROOT))
    .join(delimiter);
  return { ...env, ...extra };
}

function tail(text) {
  const trimmed = text.trimEnd();
  return trimmed.length > QUOTED_OUTPUT_CHARS ? `…${trimmed.slice(-QUOTED_OUTPUT_CHARS)}` : trimmed;
}

/**
 * Runs a command and resolves to its output; rejects, quoting the output, when it exits non-zero,
 * is killed, or runs past its time limit.
 */
export function run(command, args, { cwd = REPO_ROOT, env = process.env, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const shown = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start \`${shown}\`: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      const why = timedOut ? `did not finish within ${timeoutMs / 1000} s` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(
        new Error(
          `\`${shown}\` ${why}.` +
            (stdout.trim() ? `\n--- stdout ---\n${tail(stdout)}` : "") +
            (stderr.trim() ? `\n--- stderr ---\n${tail(stderr)}` : ""),
        ),
      );
    });
  });
}

/** Prints each step as it passes and ends with a count of them; the first failure stops the script. */
export function createReporter(scriptName) {
  let passed = 0;
  let failed = 0;
  return {
    async step(title, action) {
      const started = performance.now();
      try {
        const result = await action();
        passed += 1;
        console.log(`✓ ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        return result;
      } catch (error) {
        failed += 1;
        console.error(`✗ ${title}\n${indent(error instanceof Error ? error.message : String(error))}`);
        throw new StepFailed(title, { cause: error });
      }
    },
    summary() {
      console.log(`${scriptName}: ${passed} passed, ${failed} failed`);
    },
  };
}

/** Already reported by the step that threw it; the script only has to exit non-zero. */
export class StepFailed extends Error {
  constructor(title, options) {
    super(`step failed: ${title}`, options);
    this.name = "StepFailed";
  }
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/** Ends the script: a summary, and a non-zero exit for anything that failed. */
export async function main(scriptName, body) {
  const reporter = createReporter(scriptName);
  try {
    await body(reporter);
    reporter.summary();
  } catch (error) {
    reporter.summary();
    if (!(error instanceof StepFailed)) console.error(error);
    console.error(`${scriptName}: FAILED`);
    process.exitCode = 1;
  }
}

/** Creates a temporary folder, hands it to `action`, and removes it afterwards unless KEEP_TEMP=1. */
export async function withTempDir(prefix, action) {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  try {
    return await action(dir);
  } finally {
    if (process.env.KEEP_TEMP === "1") console.log(`KEEP_TEMP=1: left ${dir} in place`);
    else await rm(dir, { recursive: true, force: true });
  }
}

/** dist/ as built by `npm run build`; every script here tests that build, so it has to exist. */
export function requireBuild() {
  for (const file of ["dist/index.js", "dist/index.cjs", "dist/testing.js", "dist/testing.cjs", "dist/observability.js", "dist/observability.cjs", "dist/cli.js"]) {
    if (!existsSync(join(REPO_ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  }
}

/** The built package's own answer to which contract it speaks. */
export async function builtContractVersion() {
  requireBuild();
  const { CONTRACT_VERSION } = await import(pathToFileURL(join(REPO_ROOT, "dist/index.js")).href);
  return CONTRACT_VERSION;
}

/** `npm pack` into `destination`; resolves to the tarball's path and npm's list of its files. */
export async function packTarball(destination) {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", destination]);
  const [packed] = JSON.parse(stdout);
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

/** A fresh project in `dir` that installs the tarball, plus `extra` packages, the way a user would. */
export async function createConsumerProject(dir, tarball, extra = []) {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "paywise-sdk-consumer", version: "0.0.0", private: true }, null, 2) + "\n",
  );
  await run("npm", [...NPM_INSTALL_FLAGS, tarball, ...extra], { cwd: dir, env: isolatedEnv() });
  return dir;
}

/**
 * The request and unwrapped answer of createSession's documented example, read from the contract
 * so that these scripts restate none of it.
 */
export async function sessionExample(contractVersion) {
  const specFile = join(REPO_ROOT, "openapi", `pw-wrappers.${contractVersion}.yaml`);
  const operation = parseYaml(readFileSync(specFile, "utf8")).paths?.["/account/account_session"]?.post;
  const request = operation?.requestBody?.content?.[JSON_MEDIA]?.examples?.request?.value;
  const data = operation?.responses?.["200"]?.content?.[JSON_MEDIA]?.examples?.success?.value?.data;
  if (request === undefined || data === undefined) {
    throw new Error(`${specFile}: createAccountSession lost its "request" or 200 "success" example, which these scripts call with`);
  }
  return { request, data };
}
