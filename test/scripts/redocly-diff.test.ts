// The spec diff inlines each side's $refs in-process (scripts/lib/redocly-diff.mjs) rather than in
// two `redocly bundle --dereferenced` children per comparison: what it writes must be what redocly's
// bundle wrote, since `redocly diff` reads it and the diff's pointers point into it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { dereference, MAX_INLINED_NODES } from "../../scripts/lib/redocly-diff.mjs";
import { newestContract } from "../helpers/next-contract.mjs";

const root = resolve(import.meta.dirname, "../..");
const REDOCLY = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js");

/** $refs with sibling keys, escaped and percent-encoded pointers, a shared schema, and $refs inside data. */
const EDGES = {
  openapi: "3.1.0",
  info: { title: "edges", version: "1" },
  paths: {
    "/a": {
      get: {
        "x-extension": { $ref: "#/components/schemas/X" },
        parameters: [{ $ref: "#/components/parameters/P%20q" }],
        responses: {
          200: {
            description: "ok",
            content: {
              "application/json": {
                schema: {
                  $ref: "#/components/schemas/N~1x",
                  description: "the sibling wins",
                },
                examples: { kept: { value: { $ref: "#/components/schemas/X" } }, shared: { $ref: "#/components/examples/B" } },
              },
            },
          },
        },
      },
    },
  },
  components: {
    parameters: { "P q": { name: "q", in: "query", schema: { $ref: "#/components/schemas/X" } } },
    examples: { B: { value: { k: 1 } } },
    schemas: {
      "N/x": {
        type: "object",
        description: "the target's",
        default: { $ref: "#/components/schemas/X" },
        properties: { x: { $ref: "#/components/schemas/X" }, default: { $ref: "#/components/schemas/X" }, enum: { $ref: "#/components/schemas/X" } },
      },
      X: { type: "string", description: "x" },
    },
  },
};

/**
 * What `redocly bundle --dereferenced` writes for each of `docs`, components aside: one redocly
 * run for them all (it writes one file per input into its output folder), for a run costs a node
 * process and redocly's start-up, about half a CPU second.
 */
function redoclyBundles(docs: object[]): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), "pw-deref-"));
  try {
    const inputs = docs.map((doc, i) => {
      writeFileSync(join(dir, `in${i}.json`), JSON.stringify(doc));
      return `in${i}.json`;
    });
    const run = spawnSync(process.execPath, [REDOCLY, "bundle", ...inputs, "--dereferenced", "-o", "out"], { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" }, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    return inputs.map((input) => {
      const out = JSON.parse(readFileSync(join(dir, "out", input), "utf8"));
      delete out.components;
      return out;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withoutComponents = (doc: object) => {
  const out = dereference(doc) as Record<string, unknown>;
  delete out.components;
  return out;
};

describe("dereference, the spec diff's $ref inliner", () => {
  it("writes what redocly's bundle --dereferenced writes, key order included, for the newest contract and for edge cases", () => {
    const contract = newestContract(join(root, "openapi")).spec as object;
    const docs = [contract, EDGES];
    const bundled = redoclyBundles(docs);
    docs.forEach((doc, i) => expect(JSON.stringify(withoutComponents(doc))).toBe(JSON.stringify(bundled[i])));
  }, 60_000);

  it("gives each use of a shared schema its own copy", () => {
    const out = withoutComponents(EDGES) as any;
    const schema = out.paths["/a"].get.responses[200].content["application/json"].schema;
    expect(schema.properties.x).toEqual({ type: "string", description: "x" });
    expect(schema.properties.x).not.toBe(schema.properties.default);
  });

  it("refuses a circular, a dangling and another file's $ref, naming it", () => {
    const doc = (schemas: object, ref: string) => ({ paths: { "/a": { get: { responses: { 200: { content: { "application/json": { schema: { $ref: ref } } } } } } } }, components: { schemas } });
    expect(() => dereference(doc({ Node: { properties: { child: { $ref: "#/components/schemas/Node" } } } }, "#/components/schemas/Node"))).toThrow('$ref "#/components/schemas/Node" refers to itself');
    expect(() => dereference(doc({}, "#/components/schemas/Gone"))).toThrow('$ref "#/components/schemas/Gone" points to nothing in the contract');
    expect(() => dereference(doc({}, "other.yaml#/Node"))).toThrow('$ref "other.yaml#/Node": only $refs within the contract file');
  });

  it("refuses a contract whose $refs would inline to more than MAX_INLINED_NODES nodes", () => {
    // Six schemas that each use the next ten times: 10^6 leaves once inlined.
    const schemas: Record<string, object> = Object.fromEntries(Array.from({ length: 6 }, (_, level) => [`L${level}`, { type: "object", properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, { $ref: `#/components/schemas/L${level + 1}` }])) }]));
    schemas.L6 = { type: "string" };
    expect(() => dereference({ paths: { "/a": { get: { responses: { 200: { content: { "application/json": { schema: { $ref: "#/components/schemas/L0" } } } } } } } }, components: { schemas } })).toThrow(`more than ${MAX_INLINED_NODES} nodes`);
  });
});
