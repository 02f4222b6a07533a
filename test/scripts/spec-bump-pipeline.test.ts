// Issue 9, item 5, and issue 16, item 1: PayWise's next contract, made from whichever contract is
// newest (test/helpers/next-contract.mjs), taken through the whole pipeline in a temporary copy of
// the project: generate (which first fails on the overlay action the bump left without a target,
// then passes once the maintainer drops it), typecheck, the new method called through Prism on
// that contract, and its debug log lines checked for personal data. The contract file itself is
// never edited. The spec diff's report is spec-diff.test.ts's. The generator runs in-process: first
// as `npm run generate` runs it (generateCommand: its failure, as a maintainer reads it), then its
// render(), for a child would only add a node process and the generators' start-up; and the
// type check is TypeScript 7's tsc over what the new contract changed (issue 30, item 4): the
// older contract's code, byte for byte what typecheck.test.ts checks, is left out.
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { generateCommand, render } from "../../scripts/generate.mjs";
import { writeGenerated } from "../../scripts/lib/generated-dir.mjs";
import { applyOverlay } from "../../scripts/lib/overlay.mjs";
import { sdkOperations, type SdkOperation } from "../../scripts/lib/sdk-names.mjs";
import { staticMockContract } from "../../scripts/lib/static-mock.mjs";
import { startMockServer, type MockServer } from "../../src/testing";
import { nativeTsc } from "../helpers/native-tsc";
import { newestContract, nextContract } from "../helpers/next-contract.mjs";
import { sampleOf } from "../helpers/samples";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** What the generator reads and the SDK is built from; nothing else of the project is needed. */
const COPIED = ["openapi", "src", "generated", "package.json"];

const overlayText = await readFile(join(REPO, "openapi/pw-wrappers.overlay.yaml"), "utf8");
const newest = newestContract(join(REPO, "openapi"));
const next = nextContract(newest.spec, parse(overlayText), { removeMarkedField: true });
const FIXTURE = next.name;
const removed = next.changes.removedField!;
const added: SdkOperation = sdkOperations(await applyOverlay(next.spec, parse(overlayText), { specName: FIXTURE, overlayName: "overlay", strict: false, note: () => {} })).find(
  (entry) => entry.operationId === next.changes.newOperation.operationId,
)!;
const capitalised = added.method[0]!.toUpperCase() + added.method.slice(1);
/**
 * The request the new method is called with: its documented example (the new method is a copy of
 * an existing one), else a seeded sample of its schema, for a contract written without examples.
 */
const requestMedia = next.spec.paths[next.changes.newOperation.path].post.requestBody.content["application/json"] as { schema: unknown; examples?: Record<string, { value: unknown }> };
const requestExample = Object.values(requestMedia.examples ?? {})[0]?.value ?? sampleOf(requestMedia.schema, next.spec.components, `${next.changes.newOperation.operationId} request body`);

/**
 * Calls the new method with its documented example, every log line captured, and lists the
 * example's values the overlay marks and anything printed to the console meanwhile. Imported by
 * the test once generated/ holds the new contract.
 */
const PROBE = `import { PayWise, type ${added.types.params}, type ${added.types.result} } from "./src/index";
import { SENSITIVE_FIELDS } from "./generated/current";

export async function probe(baseUrl: string): Promise<{ result: ${added.types.result}; lines: string[]; marked: string[]; printed: string[] }> {
  // Whatever the SDK would print past its logger, as a child's stderr would have shown it.
  const printed: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) console[method] = (...args: unknown[]) => void printed.push(method + " " + args.map(String).join(" "));
  try {
    return { ...(await call(baseUrl)), printed };
  } finally {
    methods.forEach((method, i) => (console[method] = originals[i]!));
  }
}

async function call(baseUrl: string): Promise<{ result: ${added.types.result}; lines: string[]; marked: string[] }> {
  const lines: string[] = [];
  const sink = (level: string) => (message: string, fields?: unknown) => void lines.push(level + " " + message + " " + JSON.stringify(fields ?? null));
  const paywise = new PayWise({
    baseUrl,
    subscriptionKey: "0123456789abcdef0123456789abcdef",
    originCountry: "TT",
    ipAddress: "203.0.113.7",
    logLevel: "debug",
    logger: { error: sink("error"), warn: sink("warn"), info: sink("info"), debug: sink("debug") },
  });
  const params = ${JSON.stringify(requestExample)} as ${added.types.params};
  const result: ${added.types.result} = await paywise.${added.resource}.${added.method}(params);
  const marked = Object.entries(params).filter(([key, value]) => key in SENSITIVE_FIELDS && typeof value === "string").map(([, value]) => value as string);
  return { result, lines, marked };
}
`;

let work: string;
let server: MockServer | undefined;

/** `npm run generate` in the copy, in-process: its exit code and what it printed. */
async function generateInCopy(): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await generateCommand(work, [], { log: (line: string) => stdout.push(`${line}\n`), error: (line: string) => stderr.push(`${line}\n`) });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "pw-spec-bump-"));
  for (const path of COPIED) await cp(join(REPO, path), join(work, path), { recursive: true });
  await symlink(await realpath(join(REPO, "node_modules")), join(work, "node_modules"), "dir");
  await writeFile(join(work, "openapi", FIXTURE), next.text);
  await writeFile(join(work, "probe.ts"), PROBE);
  await mkdir(join(work, "test"), { recursive: true });
}, 30_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a spec bump, end to end", () => {
  // As `npm run generate` runs it: it prints the reason, not a stack trace.
  it("fails generation first on the overlay action whose target the bump removed, saying what to do", async () => {
    const first = await generateInCopy();
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`openapi/pw-wrappers.overlay.yaml does not fit openapi/${FIXTURE}`);
    expect(first.stderr).toMatch(new RegExp(`overlay action #\\d+ (\\("[^"]*"\\))?, target "${removed.target.replace(/[$.]/g, "\\$&")}"`));
    expect(first.stderr).toMatch(/What to do: .*delete it from openapi\/pw-wrappers\.overlay\.yaml/);
    expect(first.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 90_000);

  it("generates, typechecks and serves the new method once the maintainer drops that action", async () => {
    const overlayFile = join(work, "openapi/pw-wrappers.overlay.yaml");
    const overlay = parseDocument(await readFile(overlayFile, "utf8"));
    const actions = overlay.get("actions") as { items: { get(key: string): unknown }[] };
    actions.items = actions.items.filter((action) => action.get("target") !== removed.target);
    await writeFile(overlayFile, overlay.toString());

    const files = await render(join(work, "openapi"));
    await writeGenerated(join(work, "generated"), files);
    expect(await readFile(join(work, "openapi", FIXTURE), "utf8")).toBe(next.text);
    const dir = FIXTURE.replace(/\.yaml$/, "");
    const resources = files.get(`${dir}/resources.ts`)!;
    expect(resources).toMatch(new RegExp(`${added.method}\\(params: ${added.types.params}, options\\?: \\w+Options\\): APIPromise<${added.types.result}>`));
    // No overlay policy for the new POST: retried only when provably unsent.
    expect(files.get(`${dir}/operations.ts`)).toMatch(new RegExp(`${added.resource}${capitalised}: OperationDescriptor = \\{[^}]*retryMode: "unsent-only"`));

    // The older contract keeps its code as built: what generated/ holds in this repository.
    const older = newest.name.replace(/\.yaml$/, "");
    const olderFiles = [...files.keys()].filter((rel) => rel.startsWith(`${older}/`));
    expect(olderFiles.length).toBeGreaterThan(0);
    for (const rel of olderFiles) expect(files.get(rel), rel).toBe(await readFile(join(REPO, "generated", rel), "utf8"));

    // tsconfig.json's options over src/, the probe and generated/ less the older contract's code,
    // checked above to be the repository's, by TypeScript 7's tsc as `npm run typecheck` runs it.
    await writeFile(join(work, "tsconfig.json"), JSON.stringify({ extends: join(REPO, "tsconfig.json"), include: ["src", "generated", "probe.ts"], exclude: [`generated/${older}`] }));
    expect(await nativeTsc("tsconfig.json", work)).toEqual([]);
  }, 120_000);

  it("calls the new method through Prism on the new contract, with personal data masked in the debug log", async () => {
    // As startMockServer() serves a bundled contract: with an example generated for each answer
    // that has none (a contract written without examples), else the contract file as it is.
    const served = staticMockContract(next.spec);
    const specPath = served ? join(work, "served.json") : join(work, "openapi", FIXTURE);
    if (served) await writeFile(specPath, JSON.stringify(served));
    server = await startMockServer({ specPath });
    // The copy's SDK, built from the new contract, in this process: a child would only add its start-up.
    const { probe } = (await import(pathToFileURL(join(work, "probe.ts")).href)) as { probe(baseUrl: string): Promise<{ result: Record<string, unknown>; lines: string[]; marked: string[]; printed: string[] }> };
    const { result, lines, marked, printed } = await probe(server.url);
    expect(printed).toEqual([]);
    expect(Object.keys(result).length).toBeGreaterThan(0);
    expect(lines.find((line) => line.startsWith(`debug [paywise] ${added.method} request`))).toBeDefined();
    expect(marked.length).toBeGreaterThan(0);
    const log = lines.join("\n");
    for (const value of marked) expect(log).not.toContain(value);
  }, 90_000);
});
