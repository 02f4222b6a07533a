// The spec diff's classifier, one rule per test, on small contracts built in memory. The big pair
// holds one operation per rule, what the SDK adds to the contract (an overlay's method name, its
// x-pw-* marks) included, so redocly runs once for all of them (about a CPU second each run).
import { beforeAll, describe, expect, it } from "vitest";
import { compareContracts, type Comparison } from "../../scripts/lib/spec-changes.mjs";
import { changelogEntry } from "../../scripts/lib/spec-report.mjs";

type Schema = Record<string, unknown>;
const str = (extra: Schema = {}): Schema => ({ type: "string", ...extra });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: "object", required, properties });

interface OperationShape {
  request?: Schema;
  response?: Schema;
  parameters?: Schema[];
  description?: string;
  operationId?: string;
  /** The 200 answer's named examples (name -> value), as the mock serves them. */
  responseExamples?: Record<string, unknown>;
}

function operation(id: string, shape: OperationShape): Schema {
  return {
    tags: ["thing"],
    operationId: shape.operationId ?? id,
    description: shape.description ?? "Does a thing.",
    parameters: [{ name: "version", in: "query", required: true, schema: { type: "string", enum: ["2024-10-01"] } }, ...(shape.parameters ?? [])],
    ...(shape.request ? { requestBody: { required: true, content: { "application/json": { schema: shape.request } } } } : {}),
    responses: {
      "200": {
        description: "OK",
        content: {
          "application/json": {
            schema: shape.response ?? obj({ ok: str() }),
            ...(shape.responseExamples ? { examples: Object.fromEntries(Object.entries(shape.responseExamples).map(([name, value]) => [name, { summary: name, value }])) } : {}),
          },
        },
      },
    },
  };
}

function contract(version: string, operations: Record<string, OperationShape>, components: Schema = {}): Schema {
  const paths: Record<string, Schema> = {};
  for (const [id, shape] of Object.entries(operations)) paths[`/${id}`] = { post: operation(id, shape) };
  // The dated `version` enum moves with the contract, as in PayWise's files.
  return JSON.parse(JSON.stringify({ openapi: "3.1.0", info: { title: "t", version }, paths, components }).replaceAll("2024-10-01", version));
}

/** The changes of one method as found, or [] when it did not change. */
function changesOf(result: Comparison, method: string): Comparison["methods"][number]["changes"] {
  return result.methods.find((entry) => entry.name === `thing.${method}`)?.changes ?? [];
}

/** The changes of one method as "level  text" lines, or [] when it did not change. */
function linesOf(result: Comparison, method: string): string[] {
  return (result.methods.find((entry) => entry.name === `thing.${method}`)?.changes ?? []).map((change) => `${change.level}  ${change.text}`);
}

const base: Record<string, OperationShape> = {};
const head: Record<string, OperationShape> = {};
function pair(id: string, before: OperationShape | undefined, after: OperationShape | undefined): void {
  if (before) base[id] = before;
  if (after) head[id] = after;
}

const optionalQuery = (required: boolean): Schema => ({ name: "q", in: "query", required, schema: str() });
const sharedEnumRef = { $ref: "#/components/schemas/Colour" };
pair("widenResponseEnum", { response: obj({ e: str({ enum: ["a"] }) }, ["e"]) }, { response: obj({ e: str({ enum: ["a", "b"] }) }, ["e"]) });
pair("narrowResponseEnum", { response: obj({ e: str({ enum: ["a", "b"] }) }, ["e"]) }, { response: obj({ e: str({ enum: ["a"] }) }, ["e"]) });
pair("changeResponseFormat", { response: obj({ id: str({ format: "uuid" }) }, ["id"]) }, { response: obj({ id: str({ format: "ulid" }) }, ["id"]) });
pair("changeRequestFormat", { request: obj({ id: str({ format: "uuid" }) }) }, { request: obj({ id: str({ format: "ulid" }) }) });
pair("widenRequestEnum", { request: obj({ e: str({ enum: ["a"] }) }) }, { request: obj({ e: str({ enum: ["a", "b"] }) }) });
pair("narrowRequestEnum", { request: obj({ e: str({ enum: ["a", "b"] }) }) }, { request: obj({ e: str({ enum: ["a"] }) }) });
pair("removeOptionalInput", { request: obj({ a: str(), b: str() }, ["a"]) }, { request: obj({ a: str() }, ["a"]) });
pair("addOptionalInput", { request: obj({ a: str() }) }, { request: obj({ a: str(), b: str() }) });
pair("addRequiredInput", { request: obj({ a: str() }) }, { request: obj({ a: str(), b: str() }, ["b"]) });
pair("requireOptionalInput", { request: obj({ a: str(), b: str() }) }, { request: obj({ a: str(), b: str() }, ["b"]) });
pair("retypeInput", { request: obj({ a: str() }) }, { request: obj({ a: { type: "integer" } }) });
pair("tightenInputPattern", { request: obj({ a: str({ pattern: "^[0-9]+$" }) }) }, { request: obj({ a: str({ pattern: "^[0-9]{3}$" }) }) });
pair("tightenInputMaxLength", { request: obj({ a: str({ maxLength: 50 }) }) }, { request: obj({ a: str({ maxLength: 20 }) }) });
pair("loosenInputMaxLength", { request: obj({ a: str({ maxLength: 20 }) }) }, { request: obj({ a: str({ maxLength: 50 }) }) });
pair("addInputMaxLength", { request: obj({ a: str() }) }, { request: obj({ a: str({ maxLength: 20 }) }) });
pair("dropInputMaxLength", { request: obj({ a: str({ maxLength: 20 }) }) }, { request: obj({ a: str() }) });
pair("raiseInputMinLength", { request: obj({ a: str({ minLength: 1 }) }) }, { request: obj({ a: str({ minLength: 3 }) }) });
pair("lowerInputMaximum", { request: obj({ n: { type: "integer", maximum: 100 } }) }, { request: obj({ n: { type: "integer", maximum: 50 } }) });
pair("raiseInputMinimum", { request: obj({ n: { type: "integer", minimum: 0 } }) }, { request: obj({ n: { type: "integer", minimum: 1 } }) });
pair("addInputFormat", { request: obj({ a: str() }) }, { request: obj({ a: str({ format: "email" }) }) });
pair("addInputPattern", { request: obj({ a: str() }) }, { request: obj({ a: str({ pattern: "^[0-9]+$" }) }) });
pair("tightenResponseMaxLength", { response: obj({ a: str({ maxLength: 50 }) }, ["a"]) }, { response: obj({ a: str({ maxLength: 20 }) }, ["a"]) });
pair("loosenResponseMaxLength", { response: obj({ a: str({ maxLength: 20 }) }, ["a"]) }, { response: obj({ a: str({ maxLength: 50 }) }, ["a"]) });
pair("changeResponseExample", { responseExamples: { success: { ok: "yes" }, other: { ok: "a" } } }, { responseExamples: { success: { ok: "no" }, other: { ok: "a" } } });
pair("addAndRemoveResponseExample", { responseExamples: { old: { ok: "a" } } }, { responseExamples: { fresh: { ok: "a" } } });
pair("changeFieldExample", { request: obj({ email: str({ examples: ["a@example.com"] }) }) }, { request: obj({ email: str({ examples: ["b@example.com"] }) }) });
pair("keepExamples", { responseExamples: { success: { ok: "yes" } }, request: obj({ example: str({ examples: ["x"] }) }) }, { responseExamples: { success: { ok: "yes" } }, request: obj({ example: str({ examples: ["x"] }) }) });
pair("requireQuery", { parameters: [optionalQuery(false)] }, { parameters: [optionalQuery(true)] });
pair("removeQuery", { parameters: [optionalQuery(false)] }, { parameters: [] });
pair("addRequiredQuery", { parameters: [] }, { parameters: [optionalQuery(true)] });
pair("addOptionalQuery", { parameters: [] }, { parameters: [optionalQuery(false)] });
pair("removeResponseField", { response: obj({ a: str(), b: str() }, ["a", "b"]) }, { response: obj({ a: str() }, ["a"]) });
pair("loosenResponseField", { response: obj({ a: str() }, ["a"]) }, { response: obj({ a: str() }) });
pair("retypeResponseField", { response: obj({ a: str() }, ["a"]) }, { response: obj({ a: { type: "integer" } }, ["a"]) });
pair("addResponseField", { response: obj({ a: str() }, ["a"]) }, { response: obj({ a: str(), b: str() }, ["a"]) });
pair("reword", { description: "Does a thing." }, { description: "Does the thing." });
pair("unchanged", {}, {});
pair("removed", {}, undefined);
pair("added", undefined, {});
pair("shareAsInput", { request: obj({ colour: sharedEnumRef }) }, { request: obj({ colour: sharedEnumRef }) });
pair("shareAsOutput", { response: obj({ colour: sharedEnumRef }, ["colour"]) }, { response: obj({ colour: sharedEnumRef }, ["colour"]) });
// What the SDK adds to the contract: the overlay below names this one's method, whatever its operationId.
pair("lookup", { operationId: "findThing" }, { operationId: "searchThings" });
pair("send", { request: obj({ token: str({ "x-pw-sensitive": "secret" }) }) }, { request: obj({ token: str() }) });
// Given a path-level parameter by $ref below, and moved to another path.
pair("pathQuery", {}, {});
pair("moveThing", {}, {});
const MOVED_TO = "/things/move";
const SDK_NAMES = { overlay: "1.0.0", info: { title: "SDK names", version: "1" }, actions: [{ target: "$.paths['/lookup'].post", update: { "x-pw-sdk-method": "find" } }] };

let result: Comparison;
beforeAll(async () => {
  const components = (colours: string[], queryRequired: boolean) => ({ schemas: { Colour: { type: "string", enum: colours } }, parameters: { Q: optionalQuery(queryRequired) } });
  const before = contract("2024-10-01", base, components(["red"], false)) as { paths: Record<string, Schema> };
  const after = contract("2025-04-01", head, components(["red", "blue"], true)) as { paths: Record<string, Schema> };
  for (const spec of [before, after]) spec.paths["/pathQuery"] = { ...spec.paths["/pathQuery"], parameters: [{ $ref: "#/components/parameters/Q" }] };
  after.paths[MOVED_TO] = after.paths["/moveThing"]!;
  delete after.paths["/moveThing"];
  result = await compareContracts(before, after, { overlay: SDK_NAMES });
}, 30_000);

describe("compareContracts: one rule per operation", () => {
  it("calls a new value in a response enum additive (open enums), and gives the new values as data", () => {
    expect(linesOf(result, "widenResponseEnum")).toEqual(['additive  response 200 field e enum gains "b"']);
    expect(changesOf(result, "widenResponseEnum")).toEqual([{ level: "additive", text: 'response 200 field e enum gains "b"', isNew: true, values: { added: ["b"], removed: [] } }]);
  });
  it("calls a value taken out of a response enum additive, not new, with the values taken out", () => {
    expect(linesOf(result, "narrowResponseEnum")).toEqual(['additive  response 200 field e enum loses "b"']);
    expect(changesOf(result, "narrowResponseEnum")[0]).toMatchObject({ isNew: false, values: { added: [], removed: ["b"] } });
  });
  it("calls a changed format in an answer additive (formats in answers are not checked) and in a request breaking", () => {
    expect(linesOf(result, "changeResponseFormat")).toEqual(['additive  response 200 field id format changed from "uuid" to "ulid"']);
    expect(linesOf(result, "changeRequestFormat")).toEqual(['breaking  request body field id format changed from "uuid" to "ulid"']);
  });
  it("calls a new value in a request enum additive", () => {
    expect(linesOf(result, "widenRequestEnum")).toEqual(['additive  request body field e enum gains "b"']);
  });
  it("calls a value taken out of a request enum breaking", () => {
    expect(linesOf(result, "narrowRequestEnum")).toEqual(['breaking  request body field e enum loses "b"']);
  });
  it("calls a removed optional input breaking", () => {
    expect(linesOf(result, "removeOptionalInput")).toEqual(["breaking  request body field b removed"]);
  });
  it("calls a new optional input additive", () => {
    expect(linesOf(result, "addOptionalInput")).toEqual(["additive  request body field b added"]);
  });
  it("calls a new required input breaking, in one line", () => {
    expect(linesOf(result, "addRequiredInput")).toEqual(["breaking  request body field b added, required"]);
  });
  it("calls an optional input made required breaking", () => {
    expect(linesOf(result, "requireOptionalInput")).toEqual(["breaking  request body field b newly required"]);
  });
  it("calls an input of another type breaking", () => {
    expect(linesOf(result, "retypeInput")).toEqual(['breaking  request body field a type changed from "string" to "integer"']);
  });
  it("calls a tighter input pattern breaking", () => {
    expect(linesOf(result, "tightenInputPattern")).toEqual(['breaking  request body field a pattern changed from "^[0-9]+$" to "^[0-9]{3}$"']);
  });
  it("calls a tighter input bound, and a new pattern or format, breaking", () => {
    expect(linesOf(result, "tightenInputMaxLength")).toEqual(["breaking  request body field a maxLength changed from 50 to 20"]);
    expect(linesOf(result, "addInputMaxLength")).toEqual(["breaking  request body field a maxLength changed from nothing to 20"]);
    expect(linesOf(result, "raiseInputMinLength")).toEqual(["breaking  request body field a minLength changed from 1 to 3"]);
    expect(linesOf(result, "lowerInputMaximum")).toEqual(["breaking  request body field n maximum changed from 100 to 50"]);
    expect(linesOf(result, "raiseInputMinimum")).toEqual(["breaking  request body field n minimum changed from 0 to 1"]);
    expect(linesOf(result, "addInputFormat")).toEqual(['breaking  request body field a format changed from nothing to "email"']);
    expect(linesOf(result, "addInputPattern")).toEqual(['breaking  request body field a pattern changed from nothing to "^[0-9]+$"']);
  });
  it("calls a looser input bound additive, not cosmetic: it changes which values go out", () => {
    expect(linesOf(result, "loosenInputMaxLength")).toEqual(["additive  request body field a maxLength changed from 20 to 50"]);
    expect(linesOf(result, "dropInputMaxLength")).toEqual(["additive  request body field a maxLength changed from 20 to nothing"]);
  });
  it("calls a tighter response bound additive and a looser one breaking", () => {
    expect(linesOf(result, "tightenResponseMaxLength")).toEqual(["additive  response 200 field a maxLength changed from 50 to 20"]);
    expect(linesOf(result, "loosenResponseMaxLength")).toEqual(["breaking  response 200 field a maxLength changed from 20 to 50"]);
  });
  it("reports a changed or added example additive, by name (the mock serves them), and a removed answer example's name breaking", () => {
    expect(linesOf(result, "changeResponseExample")).toEqual(['additive  response 200 example "success" changed']);
    // Its name is in mockPrefer's and the fake's types: a test that names it stops compiling.
    expect(linesOf(result, "addAndRemoveResponseExample")).toEqual([`breaking  response 200 example "old" removed (mockPrefer and the fake's scripts take its name)`, 'additive  response 200 example "fresh" added']);
    expect(linesOf(result, "changeFieldExample")).toEqual(["additive  request body field email examples changed"]);
  });
  it("drafts what is new under Added and other minor changes under Changed", () => {
    const entry = changelogEntry(result, "0.2.0", "2026-11-29");
    const section = (title: string) => entry.split(`### ${title}\n`)[1]?.split("\n\n")[0] ?? "";
    for (const line of ['`thing.widenRequestEnum`: request body field e enum gains "b".', '`thing.widenResponseEnum`: response 200 field e enum gains "b".', "`thing.addOptionalInput`: request body field b added.", "`thing.added`: new method.", '`thing.addAndRemoveResponseExample`: response 200 example "fresh" added.']) {
      expect(section("Added")).toContain(line);
    }
    for (const line of ['`thing.narrowResponseEnum`: response 200 field e enum loses "b".', "`thing.loosenInputMaxLength`: request body field a maxLength changed from 20 to 50.", '`thing.changeResponseExample`: response 200 example "success" changed.', "`thing.reword`: description changed."]) {
      expect(section("Changed")).toContain(line);
    }
    expect(section("Breaking")).toContain(`\`thing.addAndRemoveResponseExample\`: response 200 example "old" removed (mockPrefer and the fake's scripts take its name).`);
  });
  it("reports nothing for examples that stayed, and reads a field named example as a field", () => {
    expect(linesOf(result, "keepExamples")).toEqual([]);
  });
  it("calls an optional query parameter made required breaking", () => {
    expect(linesOf(result, "requireQuery")).toEqual(["breaking  query parameter q newly required"]);
  });
  it("calls a removed optional query parameter breaking", () => {
    expect(linesOf(result, "removeQuery")).toEqual(["breaking  query parameter q removed"]);
  });
  it("calls a new required query parameter breaking and a new optional one additive", () => {
    expect(linesOf(result, "addRequiredQuery")).toEqual(["breaking  query parameter q added, required"]);
    expect(linesOf(result, "addOptionalQuery")).toEqual(["additive  query parameter q added"]);
  });
  it("calls a removed response field breaking, in one line", () => {
    expect(linesOf(result, "removeResponseField")).toEqual(["breaking  response 200 field b removed"]);
  });
  it("calls a response field made optional breaking", () => {
    expect(linesOf(result, "loosenResponseField")).toEqual(["breaking  response 200 field a no longer required"]);
  });
  it("calls a response field of another type breaking", () => {
    expect(linesOf(result, "retypeResponseField")).toEqual(['breaking  response 200 field a type changed from "string" to "integer"']);
  });
  it("calls a new response field additive", () => {
    expect(linesOf(result, "addResponseField")).toEqual(["additive  response 200 field b added"]);
  });
  it("calls a reworded description cosmetic", () => {
    expect(linesOf(result, "reword")).toEqual(["cosmetic  description changed"]);
  });
  it("reports nothing for a method whose only change is the contract's version", () => {
    expect(linesOf(result, "unchanged")).toEqual([]);
  });
  it("calls a removed method breaking and a new one additive", () => {
    expect(linesOf(result, "removed")).toEqual(["breaking  method removed"]);
    expect(linesOf(result, "added")).toEqual(["additive  new method"]);
  });
  it("judges a shared schema in each method that uses it, as input or as output", () => {
    expect(linesOf(result, "shareAsInput")).toEqual(['additive  request body field colour enum gains "blue"']);
    expect(linesOf(result, "shareAsOutput")).toEqual(['additive  response 200 field colour enum gains "blue"']);
  });
  it("takes the highest level of all the changes as the comparison's", () => {
    expect(result.level).toBe("breaking");
    expect(result.methods.map((method) => method.name)).toEqual([...result.methods.map((method) => method.name)].sort());
  });
});

describe("compareContracts: what the SDK adds to the contract", () => {
  it("names methods after the overlay, so a new operationId behind the same method is no change", () => {
    expect(result.methods.filter((method) => method.where.includes("/lookup"))).toEqual([]);
  });

  it("ignores the SDK's own x-pw-* marks, present on one side only", () => {
    expect(linesOf(result, "send")).toEqual([]);
  });

  it("counts a path-level parameter, given by $ref, as the method's own", () => {
    expect(linesOf(result, "pathQuery")).toEqual(["breaking  query parameter q newly required"]);
  });

  it("calls a method moved to another path breaking", () => {
    expect(linesOf(result, "move")).toEqual([`breaking  endpoint changed from POST /moveThing to POST ${MOVED_TO}`]);
  });
});
