// From two contracts to what the next release must be: the changes per SDK method, the release
// the base contract shipped in, the level and version the changes require, the CHANGELOG entry.
// Shared by `npm run spec:diff` and `npm run spec:bump`.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { releaseBuiltFrom } from "./changelog.mjs";
import { contractFiles, overlayPath, readContract, readContractFile, readOverlay } from "./contracts.mjs";
import { SDK_FILLED_HEADERS } from "../../src/call-parameters.ts";
import { parametersOf } from "./openapi.mjs";
import { sdkOperations } from "./sdk-names.mjs";
import { compareContracts, sdkView } from "./spec-changes.mjs";
import { changelogEntry, compareVersions, nextVersion, releaseLevel, reportLines } from "./spec-report.mjs";

/**
 * Which two contracts to compare: `--head` (default the newest in openapi/) and `--base` (a file
 * or git ref; default the contract before the head in openapi/). Undefined when openapi/ holds a
 * single contract and no --base is given: there is nothing to compare.
 * @param {string} root
 * @param {{ base?: string, head?: string }} [options]
 */
export function pickContracts(root, { base, head } = {}) {
  const dir = join(root, "openapi");
  // npm runs scripts from the package root; file arguments are relative to where they were typed.
  const typedFrom = process.env.INIT_CWD ?? process.cwd();
  if (head !== undefined) head = resolve(typedFrom, head);
  if (base !== undefined && existsSync(resolve(typedFrom, base))) base = resolve(typedFrom, base);
  const files = contractFiles(dir);
  const headFile = head ?? (files.length ? join(dir, files[files.length - 1]) : undefined);
  if (!headFile) throw new Error("no openapi/pw-wrappers.<version>.yaml to compare");
  if (base === undefined) {
    const before = files.filter((name) => join(dir, name) !== headFile).at(-1);
    if (!before) return undefined;
    base = join(dir, before);
  }
  const shorter = (contract) => ({ ...contract, where: contract.where.startsWith(root + sep) ? relative(root, contract.where) : contract.where });
  return { base: shorter(readContract(root, base)), head: shorter(readContractFile(headFile)) };
}

/**
 * What an SDK user sees of each method of a contract, by `resource.method`: its types, endpoint,
 * retry policy and where that policy comes from, and whether it has options of its own.
 */
async function sdkMethods(spec, overlay) {
  const view = await sdkView(spec, overlay);
  const filled = SDK_FILLED_HEADERS.map((name) => name.toLowerCase());
  return new Map(
    sdkOperations(view).map((entry) => {
      const parameters = parametersOf(view, entry.path, entry.operation);
      const hasOptions = parameters.some((parameter) => parameter?.in === "header" && !filled.includes(String(parameter.name).toLowerCase()));
      const name = `${entry.resource}.${entry.method}`;
      return [name, { name, types: entry.types, retry: entry.retry, retrySource: entry.operation["x-pw-retry"] ? "overlay" : "default", httpMethod: entry.httpMethod, path: entry.path, hasOptions }];
    }),
  );
}

/**
 * The overlay a base contract was built with: the one pinned beside its generated code
 * (generated/<spec>/overlay.yaml, in the work tree or at the git ref it was read from), so a
 * method renamed through the overlay since shows as renamed (issue 21). A contract with no pin (a
 * file from elsewhere) is read with the current overlay.
 * @param {string} root
 * @param {{ where: string }} contract
 * @param {object | undefined} current
 */
function baseOverlayOf(root, contract, current) {
  const atRef = /^(.+):openapi\/(pw-wrappers\.[^/]+)\.yaml$/.exec(contract.where);
  let text;
  if (atRef) {
    try {
      text = execFileSync("git", ["show", `${atRef[1]}:generated/${atRef[2]}/overlay.yaml`], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
      return current; // a release from before overlays were pinned
    }
  } else {
    const file = resolve(root, contract.where);
    const pin = join(root, "generated", basename(file).replace(/\.yaml$/, ""), "overlay.yaml");
    if (resolve(file, "..") !== join(root, "openapi") || !existsSync(pin)) return current;
    text = readFileSync(pin, "utf8");
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new Error(`the overlay pinned for ${contract.where} is not valid YAML: ${error instanceof Error ? error.message : error}`);
  }
}

export async function planRelease(root, contracts) {
  const overlay = readOverlay(overlayPath(join(root, "openapi")));
  const baseOverlay = baseOverlayOf(root, contracts.base, overlay);
  const result = await compareContracts(contracts.base.spec, contracts.head.spec, { overlay, baseOverlay });
  // Each method in the terms of the contract it is in: a removed one as the base had it.
  // One after the other: applyOverlay borrows console.error while it runs.
  const before = await sdkMethods(contracts.base.spec, baseOverlay);
  const after = await sdkMethods(contracts.head.spec, overlay);
  for (const method of result.methods) method.sdk = after.get(method.name) ?? before.get(method.name);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
  // The release the base contract shipped in is what the next version counts from, so that the
  // answer stays the same after package.json has been bumped.
  const shipped = releaseBuiltFrom(changelog, result.baseVersion, compareVersions);
  const released = shipped ?? pkg.version;
  const level = releaseLevel(result);
  return {
    result,
    pkg,
    changelog,
    released,
    releasedFromChangelog: shipped !== undefined,
    level,
    next: level ? nextVersion(released, level) : undefined,
    report: () => reportLines(result, released),
    entry: (version, date) => changelogEntry(result, version, date),
  };
}
