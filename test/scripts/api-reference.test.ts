// docs/api.md, the method reference (issue 31, items 3 and 4): generated from the contract, it lists
// every operation with its route, input and result fields, documented errors with the class the SDK
// throws and whether the SDK retries them, and a bump's new operation without a hand edit.
// Expectations come from the contract and from the SDK itself (each documented error is answered
// by the fake PayWise and caught), never from a list kept here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cell } from "../../scripts/lib/api-reference.mjs";
import { OVERLAY_FILE } from "../../scripts/lib/contracts.mjs";
import { apiReferencePage } from "../../scripts/lib/sdk-contract.mjs";
import { zEnvelope } from "../../generated/current";
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import { createFakePayWise } from "../../src/testing";
import { callOf, FAKE_ENTRIES, fakeClient } from "../helpers/fake-calls";
import { API_PAGE, readDocument, ROOT } from "../helpers/documents";
import { styledContract, type Style } from "../helpers/contract-styles.mjs";
import { newestContract, nextContract } from "../helpers/next-contract.mjs";
import { jsonRequestBody, operations, parameters, requiredKeys, resolve, responseSchema, successStatus, type Schema, type SpecOperation } from "../helpers/spec";

/** The page, as `npm run generate` wrote it. */
const PAGE = readDocument(API_PAGE);
/** Writing a bumped contract's page parses it and applies the overlay: a second or so on a loaded 2-core machine. */
const PAGE_TIMEOUT_MS = 60_000;

/** The part of a page about one method, `account.getStatus`: from its heading to the next. */
function sectionOf(page: string, method: string): string | undefined {
  const start = page.indexOf(`\n## \`paywise.${method}\`\n`);
  if (start < 0) return undefined;
  const end = page.indexOf("\n## ", start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** The generated method (`account.getStatus`) of a contract operation, found by its method and path. */
function methodOf(op: SpecOperation): string {
  const entry = FAKE_ENTRIES.find(({ descriptor }) => descriptor.method.toUpperCase() === op.method && descriptor.path === op.path);
  if (!entry) throw new Error(`no generated method for ${op.method} ${op.path}`);
  return entry.key;
}

/** A table row of a field: its name in code, then type, then "yes" or "no" in the required column. */
const fieldRow = (name: string, required: boolean) => new RegExp(`^\\| \`${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\`[^|\\n]* \\|(?:[^|\\n]|\\\\\\|)* \\| ${required ? "yes" : "no"} \\|`, "m");

/** The contract's input fields of an operation: its JSON body's properties, else its query and path parameters less those the SDK fills. */
function inputFields(op: SpecOperation): { name: string; required: boolean }[] {
  const body = jsonRequestBody(op);
  if (body) {
    const schema = resolve(body.schema as Schema) as Schema & { properties?: Record<string, unknown> };
    const required = requiredKeys(body.schema as Schema);
    return Object.keys(schema.properties ?? {}).map((name) => ({ name, required: required.includes(name) }));
  }
  return parameters(op)
    .filter((p) => p.in === "path" || (p.in === "query" && !(SDK_FILLED_QUERY as readonly string[]).includes(p.name)))
    .map((p) => ({ name: p.name, required: p.in === "path" || p.required === true }));
}

/**
 * The envelope's meta fields as the generator names them: a contract that writes its schemas inline
 * has no Envelope component of its own (scripts/lib/named-envelope.mjs names the shared part).
 */
const META_FIELDS = Object.keys(zEnvelope.shape);

/** The top-level fields a call resolves to, as the contract gives them: its `data`'s, else the envelope's own (meta fields aside). */
function resultFields(op: SpecOperation): string[] {
  const schema = resolve(responseSchema(op, successStatus(op)) as Schema) as Schema & { properties?: Record<string, Schema> };
  const own = [schema, ...(schema.allOf ?? []).map((part) => resolve(part))] as (Schema & { properties?: Record<string, Schema> })[];
  const properties = Object.assign({}, ...own.map((part) => part.properties ?? {})) as Record<string, Schema>;
  if (properties.data) return Object.keys((resolve(properties.data) as { properties?: object }).properties ?? {});
  return Object.keys(properties).filter((name) => !META_FIELDS.includes(name));
}

describe("docs/api.md, the method reference", () => {
  it("has one section per operation of the contract, with its route and the README links it", () => {
    const contract = operations();
    expect(contract.length).toBeGreaterThan(0);
    expect(PAGE.match(/^## /gm)).toHaveLength(contract.length);
    for (const op of contract) {
      const section = sectionOf(PAGE, methodOf(op));
      expect(section, methodOf(op)).toBeDefined();
      expect(section).toContain(`\`${op.method} ${op.path}\``);
    }
    expect(readDocument("README.md")).toContain(`](${API_PAGE})`);
  });

  it("lists each input field with whether it is required, and each result field", () => {
    for (const op of operations()) {
      const section = sectionOf(PAGE, methodOf(op))!;
      const [input, result] = [section.indexOf("**Input**"), section.indexOf("**Result**")];
      const fields = inputFields(op);
      expect(fields.length, op.operationId).toBeGreaterThan(0);
      for (const { name, required } of fields) expect(section.slice(input, result), `${op.operationId} input ${name}`).toMatch(fieldRow(name, required));
      for (const name of resultFields(op)) expect(section.slice(result), `${op.operationId} result ${name}`).toMatch(new RegExp(`^\\| \`${name}\``, "m"));
    }
  });

  it("names, for each documented error, the class the SDK throws and whether it retries it", { timeout: 60_000 }, async () => {
    let checked = 0;
    for (const entry of FAKE_ENTRIES) {
      const section = sectionOf(PAGE, entry.key)!;
      for (const status of Object.keys(entry.answers).map(Number).filter((code) => code >= 400)) {
        // PayWise answers this status to every attempt; one retry at most, so a retried call ends too.
        const fake = createFakePayWise();
        fake.on(entry.key).always({ status } as never);
        const error = await callOf(fakeClient({ fetch: fake.fetch, maxRetries: 1 }), entry).catch((caught: Error) => caught);
        expect(error, `${entry.key} ${status}`).toBeInstanceOf(Error);
        const retried = fake.requestsOf(entry.key).length > 1;
        expect(section, `${entry.key} ${status}`).toMatch(new RegExp(`^\\| ${status} \\| \`${(error as Error).name}\` \\| ${retried ? "yes" : "no"}\\b`, "m"));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("keeps the contract's text to one inert table cell", () => {
    expect(cell("ends | the cell\nand [links](elsewhere) <b>tag</b> \\")).toBe("ends \\| the cell and \\[links\\](elsewhere) \\<b\\>tag\\</b\\> \\\\");
  });
});

describe("docs/api.md after a bump", () => {
  const openapi = join(ROOT, "openapi");
  // Each parsed once for the four bumps below (a parse of the contract is about a quarter of a CPU
  // second); nextContract and styledContract change copies, and each bump gets an overlay of its own.
  const newest = newestContract(openapi);
  const overlayText = readFileSync(join(openapi, OVERLAY_FILE), "utf8");
  const overlayDocument = parse(overlayText);
  const overlay = () => structuredClone(overlayDocument);

  /**
   * The page `npm run generate` writes for a contract alone with the overlay, by the generator's own
   * code for it (scripts/lib/sdk-contract.mjs), given what render() gives the newest contract. Not
   * the whole render: the page reads none of openapi-typescript's types or hey-api's schemas, and
   * `npm run check:generated` holds the page of the real contract to what render() writes.
   */
  const pageFor = (contract: { name: string; text: string }): Promise<string> =>
    apiReferencePage({ specName: contract.name, text: contract.text, overlayText, overlayName: `openapi/${OVERLAY_FILE}`, strict: true }, (line) => console.log(line));

  it("lists the new contract's new operation and field, with no hand edit", { timeout: PAGE_TIMEOUT_MS }, async () => {
    // An operation (and a path, and an answer field) the contract does not have, named at run time.
    const next = nextContract(newest.spec, overlay());
    expect(PAGE).not.toContain(`\`POST ${next.changes.newOperation.path}\``);
    expect(PAGE).not.toContain(`\`${next.changes.addedField.name}\``);

    const page = await pageFor(next);
    expect(page).toContain(`contract version \`${next.version}\``);
    const added = [...page.matchAll(/^## `paywise\.([\w.]+)`$/gm)].map((match) => match[1]!).find((method) => sectionOf(page, method)!.includes(`\`POST ${next.changes.newOperation.path}\``));
    expect(added, "a section for the new operation").toBeDefined();
    expect(page.match(/^## /gm)).toHaveLength(operations().length + 1);
    expect(page).toContain(`\`${next.changes.addedField.name}\``);
  });

  // The styles a bump may bring that change what the page reads: a new resource, a path parameter
  // and a 201; schemas written inline (the envelope's meta fields found all the same); OpenAPI 3.0.
  it.each([[["newTag", "pathParameter", "created201"]], [["inlineSchemas"]], [["openapi303"]]] as Style[][][])("lists every operation of a contract in the styles %j", { timeout: PAGE_TIMEOUT_MS }, async (styles) => {
    const styled = styledContract(newest.spec, overlay(), styles);
    const page = await pageFor(styled);
    const routes = Object.entries(styled.spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ["get", "put", "post", "delete", "patch"].includes(method))
        .map((method) => `\`${method.toUpperCase()} ${path}\``),
    );
    expect(page.match(/^## /gm)).toHaveLength(routes.length);
    for (const route of routes) expect(page, route).toContain(route);
    if (styled.changes.pathParameter) expect(page).toMatch(fieldRow(styled.changes.pathParameter.name, true));
    // A result flattened into the envelope lists its own fields, not the envelope's meta fields.
    const meta = META_FIELDS;
    const flattened = page.split("\n## ").map((section) => section.slice(section.indexOf("**Result**"), section.indexOf("**Documented errors**"))).filter((result) => result.includes("less its meta fields"));
    expect(flattened.length).toBeGreaterThan(0);
    for (const result of flattened) for (const name of meta) expect(result).not.toMatch(new RegExp(`^\\| \`${name}\``, "m"));
  });
});
