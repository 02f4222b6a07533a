// Where the contracts are and how to read one: from openapi/, from a file, or from a git ref.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";

export const CONTRACT_FILE = /^pw-wrappers\.(\d{4}-\d{2}-\d{2})\.yaml$/;
export const OVERLAY_FILE = "pw-wrappers.overlay.yaml";

/** The contract files of a folder, oldest first (the dated names sort by date). */
export function contractFiles(dir) {
  return readdirSync(dir).filter((name) => CONTRACT_FILE.test(name)).sort();
}

/** The parsed document, with `where` naming it in every error. */
export function parseContract(text, where) {
  let spec;
  try {
    spec = parseYaml(text);
  } catch (error) {
    throw new Error(`${where} is not valid YAML: ${error instanceof Error ? error.message : error}`);
  }
  if (!spec || typeof spec !== "object" || typeof spec.openapi !== "string") throw new Error(`${where} is not an OpenAPI document (no "openapi" field)`);
  if (typeof spec.info?.version !== "string") throw new Error(`${where} has no info.version`);
  return spec;
}

export function readContractFile(file) {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  return { spec: parseContract(readFileSync(file, "utf8"), file), where: file };
}

/**
 * The newest contract in openapi/ at a git ref (a tag such as v0.1.0, a branch, a commit), so
 * `--base v0.1.0` compares with what that release was built from.
 */
export function readContractAtRef(root, ref) {
  const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  let names;
  try {
    names = git("ls-tree", "--name-only", `${ref}:openapi/`).split("\n").filter((name) => CONTRACT_FILE.test(name)).sort();
  } catch {
    throw new Error(`--base ${ref}: neither a file nor a git ref with an openapi/ folder`);
  }
  const name = names.at(-1);
  if (!name) throw new Error(`--base ${ref}: no openapi/pw-wrappers.<version>.yaml at that ref`);
  const where = `${ref}:openapi/${name}`;
  return { spec: parseContract(git("show", where), where), where };
}

/** A `--base`/`--head` argument: an existing file, else a git ref. */
export function readContract(root, fileOrRef) {
  return existsSync(fileOrRef) ? readContractFile(fileOrRef) : readContractAtRef(root, fileOrRef);
}

/** The overlay beside the contracts, parsed, or undefined when there is none (yet). */
export function readOverlay(file) {
  if (!existsSync(file)) return undefined;
  try {
    return parseYaml(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${basename(file)} is not valid YAML: ${error instanceof Error ? error.message : error}`);
  }
}

export const overlayPath = (openapiDir) => join(openapiDir, OVERLAY_FILE);

