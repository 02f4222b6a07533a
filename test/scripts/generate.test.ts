// The generator's own rules (issue 9): the overlay applied strictly, the marks' values checked,
// the naming rule and the default retry policy, and the resource layer written from any contract.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REQUEST_OPTION_NAMES, SDK_FILLED_HEADERS, SDK_FILLED_QUERY } from "../../src/call-parameters";
import { zodFor } from "../../scripts/generate.mjs";
import { openAnswers } from "../../scripts/lib/open-answers.mjs";
import { operationsOf, parametersOf, resolveRef, successStatus } from "../../scripts/lib/openapi.mjs";
import { applyOverlay } from "../../scripts/lib/overlay.mjs";
import { operationViews, resourceModules } from "../../scripts/lib/resources.mjs";
import { methodName, optionName, retryMode, sdkOperations } from "../../scripts/lib/sdk-names.mjs";
import { sensitiveFields } from "../../scripts/lib/sensitive.mjs";
import { SPEC_FILE, operations, unusedName } from "../helpers/spec";

type Spec = { paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, Record<string, unknown>> } };
const contractFile = SPEC_FILE;
const specName = `openapi/${basename(SPEC_FILE)}`;
/** Each file parsed once: the tests take a fresh copy each, to change as they like (a parse of the contract is about 50 ms). */
const CONTRACT: Spec = parse(readFileSync(contractFile, "utf8"));
const OVERLAY = parse(readFileSync(new URL("../../openapi/pw-wrappers.overlay.yaml", import.meta.url), "utf8"));
const contract = (): Spec => structuredClone(CONTRACT);
const overlay = () => structuredClone(OVERLAY);
const names = { specName, overlayName: "openapi/pw-wrappers.overlay.yaml" };
const filled = { headers: SDK_FILLED_HEADERS, query: SDK_FILLED_QUERY, options: REQUEST_OPTION_NAMES };

type Action = { description?: string; target: string; update?: Record<string, unknown> };
/** The overlay's actions on one operation, by the operationId they target. */
const operationActions = (): Map<string, Record<string, unknown>> =>
  new Map(
    (overlay().actions as Action[]).flatMap((action) => {
      const id = /^\$\.paths\.\*\[\?\(@\.operationId == '([^']+)'\)\]$/.exec(action.target)?.[1];
      return id ? [[id, action.update ?? {}] as const] : [];
    }),
  );
/** The operation with `operationId` in a (possibly overlaid) contract. */
const operationIn = (spec: Spec, operationId: string) =>
  Object.values(spec.paths)
    .flatMap((item) => Object.values(item))
    .find((op) => (op as { operationId?: string }).operationId === operationId) as Record<string, unknown> | undefined;
/**
 * The words the fixtures below name what they add to the contract by (Statement, Ledger), each
 * with a number after it when the contract or the overlay has it already: a bumped contract with
 * a getStatement of its own then meets a getStatement2 here, not a collision of the test's making.
 */
const STATEMENT = unusedName("Statement", [contract(), overlay()]);
const LEDGER = unusedName("Ledger", [contract(), overlay()]);
const LEDGERS = `${LEDGER.toLowerCase()}s`;
/** `text` escaped for a RegExp. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/**
 * Parts of the contract's own operations that the fixtures below build new operations from, as the
 * contract writes them ($refs kept, which resolve in the same contract) and copied: a contract in
 * another style (inline schemas, other component names) then meets its own parts here, not
 * component names of the test's making.
 */
function contractParts(spec: Spec) {
  const all = operationsOf(spec);
  const parameter = (place: string, name: string): object => {
    for (const { path, operation } of all) {
      const found = parametersOf(spec, path, operation, { keepRefs: true }).find((candidate) => {
        const resolved = resolveRef(spec, candidate);
        return resolved?.in === place && String(resolved?.name).toLowerCase() === name.toLowerCase();
      });
      if (found) return structuredClone(found);
    }
    throw new Error(`the contract has no ${place} parameter ${name}, which the fixtures build on`);
  };
  const withBody = all.find(({ operation }) => operation.requestBody && successStatus(operation))!.operation;
  const status = successStatus(withBody)!;
  return {
    version: parameter("query", SDK_FILLED_QUERY[0]),
    subscriptionKey: parameter("header", SDK_FILLED_HEADERS[0]),
    requestId: parameter("header", "PW-request-id"),
    requestBody: structuredClone(withBody.requestBody) as object,
    success: { [status]: structuredClone(withBody.responses[status]) as object },
  };
}
/** The contract's first operation, standing for any one. */
const someOperation = () => operations()[0]!;

/** A one-operation overlay. */
const overlayOf = (...actions: object[]) => ({ overlay: "1.0.0", info: { title: "test", version: "1" }, actions });

describe("the overlay", () => {
  it("leaves the contract file without any mark of the SDK's", () => {
    expect(readFileSync(contractFile, "utf8")).not.toMatch(/x-pw-/);
  });

  it("adds the sensitive marks, retry policy and result names to the contract", async () => {
    const spec = await applyOverlay(contract(), overlay(), names);
    const actions = operationActions();
    expect(actions.size).toBeGreaterThan(0);
    // Every operation carries exactly the marks its actions give it, and none it was not given.
    for (const { operationId } of operations()) {
      const marks = actions.get(operationId) ?? {};
      const op = operationIn(spec, operationId)!;
      expect(op).toMatchObject(marks);
      for (const mark of ["x-pw-retry", "x-pw-sdk-method", "x-pw-sdk-result"]) if (!(mark in marks)) expect(op[mark]).toBeUndefined();
    }
    const fields = sensitiveFields(spec, "test");
    for (const [name, kind] of [["PW-subscription-key", "secret"], ["session_token", "secret"], ["authorisation_token", "secret"], ["mobile_number", "identifier"], ["sender_last_name", "name"], ["email", "email"]]) {
      expect(fields).toContain(`${JSON.stringify(name)}: ${JSON.stringify(kind)},`);
    }
  });

  it("marks a new operation's field of a known name without a new action", async () => {
    const spec = contract();
    // The shared mobile number component the overlay marks, added where a contract inlines its schemas.
    const schemas = (spec.components.schemas ??= {});
    schemas.MobileNumber ??= { type: "string" };
    schemas[STATEMENT] = { type: "object", properties: { session_token: { type: "string" }, recipient: { $ref: "#/components/schemas/MobileNumber" } } };
    const fields = sensitiveFields(await applyOverlay(spec, overlay(), names), "test");
    expect(fields).toContain('"recipient": "identifier",');
    expect((await applyOverlay(spec, overlay(), names)).components.schemas[STATEMENT]).toMatchObject({ properties: { session_token: { "x-pw-sensitive": "secret" } } });
  });

  it("fails, naming the action, its description and target and what to do, when an action matches nothing", async () => {
    // Every display_name of the contract gone, as a bump that drops the field would leave it.
    const withoutDisplayName = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(withoutDisplayName);
      if (!node || typeof node !== "object") return node;
      return Object.fromEntries(Object.entries(node).filter(([key]) => key !== "display_name").map(([key, value]) => [key, withoutDisplayName(value)]));
    };
    const spec = withoutDisplayName(contract()) as Spec;
    const error = (await applyOverlay(spec, overlay(), names).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`openapi/pw-wrappers.overlay.yaml does not fit ${specName}`);
    expect(error.message).toMatch(/overlay action #\d+ \("An account's display name is its holder's name\."\), target "\$\.\.properties\.display_name"/);
    expect(error.message).toMatch(/What to do: .*retarget the action .* or delete it/);
  });

  it("only notes an action that matches nothing in an older contract", async () => {
    const notes: string[] = [];
    const spec = await applyOverlay(contract(), overlayOf({ target: "$..properties.nowhere", update: { "x-pw-sensitive": "secret" } }), { ...names, strict: false, note: (line: string) => notes.push(line) });
    expect(Object.keys(spec.paths)).toEqual(Object.keys(contract().paths));
    expect(notes).toEqual([expect.stringMatching(/1 overlay action\(s\) match nothing; only the newest must match every one/)]);
  });

  it("only notes an action marked x-pw-optional that matches nothing, even in the newest contract, and still fails on one that is not", async () => {
    const notes: string[] = [];
    const optional = { target: "$.components.schemas.Nowhere", "x-pw-optional": "a contract may inline it", update: { "x-pw-sensitive": "name" } };
    const plain = { target: "$..properties.nowhere", update: { "x-pw-sensitive": "secret" } };
    await applyOverlay(contract(), overlayOf(optional), { ...names, note: (line: string) => notes.push(line) });
    expect(notes).toEqual([expect.stringMatching(/1 optional overlay action\(s\) match nothing, as they may: overlay action #1, target "\$\.components\.schemas\.Nowhere"/)]);
    await expect(applyOverlay(contract(), overlayOf(optional, plain), { ...names, note: () => {} })).rejects.toThrow(/an action matches nothing in the contract:\n  overlay action #2, target "\$\.\.properties\.nowhere"\n/);
    await expect(applyOverlay(contract(), overlayOf({ ...optional, "x-pw-optional": " " }), { ...names, note: () => {} })).rejects.toThrow(/does not fit/);
  });

  it("refuses an action that would change the contract itself", async () => {
    // Every property of the contract, whether its schemas are components or inline.
    const target = "$..properties.*";
    const error = (await applyOverlay(contract(), overlayOf({ description: "widen", target, update: { pattern: ".*" } }), names).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`overlay action #1 ("widen"), target "${target}" must be an \`update\` that adds only the SDK's extensions`);
  });

  it("refuses an extension the generator does not read, such as a misspelt one", async () => {
    const misspelt = overlayOf({ target: `$.paths.*[?(@.operationId == '${someOperation().operationId}')]`, update: { "x-pw-retries": "idempotent" } });
    await expect(applyOverlay(contract(), misspelt, names)).rejects.toThrow(/\(x-pw-sensitive, x-pw-retry, x-pw-sdk-method, x-pw-sdk-result, x-pw-sdk-option, x-pw-cli-flag\)/);
  });

  it("refuses a document that is not an Overlay 1.0", async () => {
    await expect(applyOverlay(contract(), { overlay: "2.0.0", actions: [] }, names)).rejects.toThrow(/not an OpenAPI Overlay 1\.0 document/);
  });
});

describe("the marks' values", () => {
  it("fail generation on an unknown sensitive kind, naming the kinds", async () => {
    const spec = await applyOverlay(contract(), overlayOf({ target: "$..properties.*", update: { "x-pw-sensitive": "private" } }), names);
    expect(() => sensitiveFields(spec, basename(SPEC_FILE))).toThrow(/unknown x-pw-sensitive kind "private"; the kinds are secret, identifier, name, email/);
  });

  it("fail generation on an unknown retry mode", async () => {
    const { operationId, method, path } = someOperation();
    const spec = await applyOverlay(contract(), overlayOf({ target: `$.paths.*[?(@.operationId == '${operationId}')]`, update: { "x-pw-retry": "always" } }), names);
    expect(() => sdkOperations(spec)).toThrow(`${method} ${path}: x-pw-retry must be one of idempotent, unsent-only, not "always"`);
  });
});

describe("the naming rule", () => {
  const op = (operationId: string, extra: object = {}) => ({ operationId, tags: ["account"], ...extra });

  it("takes the tag's words out of the operationId", () => {
    expect(methodName(op("createAccountSession"))).toBe("createSession");
    expect(methodName(op("getAccountStatus"))).toBe("getStatus");
    expect(methodName(op("registerAccount"))).toBe("register");
    expect(methodName(op("getAccountBalance"))).toBe("getBalance");
    expect(methodName(op("getAccountStatement"))).toBe("getStatement");
  });

  it("prefers the overlay's x-pw-sdk-method", () => {
    expect(methodName(op("getAccountStatement", { "x-pw-sdk-method": "statement" }))).toBe("statement");
  });

  it("names a header option by its words less PW", () => {
    expect(optionName("PW-request-id")).toBe("requestId");
    expect(optionName("X-Trace-Id")).toBe("xTraceId");
  });

  it("fails on two operations that would get the same method, naming both", () => {
    const spec = { paths: { "/a": { get: op("getAccountStatus") }, "/b": { get: op("getStatus") } } };
    expect(() => sdkOperations(spec)).toThrow("GET /a and GET /b would both be paywise.account.getStatus: give one an x-pw-sdk-method in the overlay");
  });

  it("fails on two resources whose methods would export the same type name", () => {
    const spec = { paths: { "/a": { get: op("getAccountStatus") }, "/b": { get: { operationId: "getCardStatus", tags: ["card"] } } } };
    expect(() => sdkOperations(spec)).toThrow(/would both export a type GetStatusParams/);
  });
});

describe("the default retry policy", () => {
  it("repeats a GET and sends any other method again only when provably unsent", () => {
    expect(retryMode("get", {})).toBe("idempotent");
    expect(retryMode("post", {})).toBe("unsent-only");
    expect(retryMode("delete", {})).toBe("unsent-only");
    expect(retryMode("post", { "x-pw-retry": "idempotent" })).toBe("idempotent");
  });
});

describe("the resource layer", () => {
  /** The names hey-api gives a contract's zod schemas, read as the generator reads them. */
  const zodNamesOf = async (spec: object) => (await zodFor(openAnswers(spec))).names;

  /** The contract with a new POST, as a bump would bring it, and the overlay with `overlayActions` added. */
  function statementContract(extra: object = {}, overlayActions: object[] = []) {
    const spec = contract();
    const parts = contractParts(spec);
    spec.paths[`/account/${STATEMENT.toLowerCase()}`] = {
      post: {
        tags: ["account"],
        operationId: `getAccount${STATEMENT}`,
        summary: "Get account statement",
        parameters: [parts.version, parts.subscriptionKey, parts.requestId],
        requestBody: parts.requestBody,
        responses: parts.success,
        ...extra,
      },
    };
    return { spec, withActions: { ...overlay(), actions: [...overlay().actions, ...overlayActions] } };
  }

  /** The resource layer of the contract with a new POST, with the zod names hey-api gives it. */
  async function withStatement(extra: object = {}, overlayActions: object[] = []) {
    const { spec, withActions } = statementContract(extra, overlayActions);
    const zod = await zodFor(openAnswers(spec));
    return { ...resourceModules(await applyOverlay(spec, withActions, names), zod.names, filled), zodText: zod.text };
  }

  /**
   * The operations of the contract with a new POST as the resource layer reads them, without
   * hey-api's run: a refusal of an operation comes from these (resourceModules reads them first),
   * before any zod name is looked up.
   */
  async function statementViews(extra: object = {}, overlayActions: object[] = []) {
    const { spec, withActions } = statementContract(extra, overlayActions);
    return operationViews(await applyOverlay(spec, withActions, names), filled);
  }

  /** The new POST's resource layer as it is, shared by the tests that only read it (one hey-api run). */
  let plainStatement: ReturnType<typeof withStatement> | undefined;
  const statement = () => (plainStatement ??= withStatement());

  /** A GET with a path parameter (issue 21): `parameters` replaces its own ones, `extra` adds to it. */
  function pathParameterContract(parameters?: object[], extra: object = {}, path = `/${LEDGERS}/{entry_id}`) {
    const spec = contract();
    const parts = contractParts(spec);
    spec.paths[path] = {
      get: {
        tags: [LEDGERS],
        operationId: `get${LEDGER}Entry`,
        parameters: parameters ?? [
          parts.version,
          { name: "entry_id", in: "path", required: true, schema: { type: "string" } },
          { name: "page", in: "query", required: false, schema: { type: "integer" } },
          parts.subscriptionKey,
        ],
        responses: parts.success,
        ...extra,
      },
    };
    return spec;
  }

  /** The resource layer of the contract with that GET, with the zod names hey-api gives it. */
  async function withPathParameter(...args: Parameters<typeof pathParameterContract>) {
    const spec = pathParameterContract(...args);
    return resourceModules(await applyOverlay(spec, overlay(), names), await zodNamesOf(spec), filled);
  }

  /** The operations of the contract with that GET as the resource layer reads them, without hey-api's run (see statementViews). */
  async function pathParameterViews(...args: Parameters<typeof pathParameterContract>) {
    return operationViews(await applyOverlay(pathParameterContract(...args), overlay(), names), filled);
  }

  it("takes a path parameter as an input field next to the query ones, checked by one schema (issue 21)", async () => {
    const { operations, resources } = await withPathParameter();
    expect(operations).toMatch(new RegExp(`export const ${LEDGERS}Get${LEDGER}Entry: OperationDescriptor = \\{\\n[^;]*path: "${escaped(`/${LEDGERS}/{entry_id}`)}",\\n[^;]*pathParams: \\["entry_id"\\],`));
    expect(operations).toContain(`inputSchema: lazySchema(() => extendObject(omitFields(zGet${LEDGER}EntryQuery, ["version"]), zGet${LEDGER}EntryPath.shape)),`);
    const Ledgers = `${LEDGERS[0]!.toUpperCase()}${LEDGERS.slice(1)}`;
    expect(resources).toContain(`type ${Ledgers}Get${LEDGER}EntryQuery = Omit<operations["get${LEDGER}Entry"]["parameters"]["query"], "version"> & operations["get${LEDGER}Entry"]["parameters"]["path"];`);
    expect(resources).toContain(`export class ${Ledgers} {`);
  });

  it("takes an operation whose only input is its path parameters", async () => {
    // Its headers are call options, not input; every PayWise operation has one (hey-api writes no headers schema without).
    const { operations } = await withPathParameter([{ name: "entry_id", in: "path", required: true, schema: { type: "string" } }, contractParts(contract()).subscriptionKey]);
    expect(operations).toMatch(new RegExp(`export const ${LEDGERS}Get${LEDGER}Entry: OperationDescriptor = \\{\\n[^;]*inputSchema: zGet${LEDGER}EntryPath,`));
  });

  it("refuses, naming the operation, a path parameter with a body, one the path has no {name} for, and a cookie parameter", async () => {
    const body = { requestBody: contractParts(contract()).requestBody };
    const pathOnly = [{ name: "entry_id", in: "path", required: true, schema: { type: "string" } }];
    await expect(pathParameterViews(pathOnly, body)).rejects.toThrow(`GET /${LEDGERS}/{entry_id} (get${LEDGER}Entry): it takes both a body and path parameters (entry_id)`);
    await expect(pathParameterViews(undefined, {}, `/${LEDGERS}/entry`)).rejects.toThrow(`(get${LEDGER}Entry): path parameter entry_id: the path has no {name} of that name to put it in`);
    const cookie = [...pathOnly, { name: "sid", in: "cookie", schema: { type: "string" } }];
    await expect(pathParameterViews(cookie)).rejects.toThrow(/cookie parameter sid: the generator does not map cookie parameters to SDK input yet/);
  });

  it("gives a new operation a method, named types and its default retry mode", async () => {
    const { operations, resources } = await statement();
    expect(resources).toContain(`get${STATEMENT}(params: Get${STATEMENT}Params, options?: Get${STATEMENT}Options): APIPromise<Get${STATEMENT}Result> {`);
    expect(resources).toContain(`export interface Get${STATEMENT}Params extends`);
    expect(resources).toContain(`\`POST /account/${STATEMENT.toLowerCase()}\`. Retries: only when the request provably never left this machine`);
    expect(operations).toMatch(new RegExp(`export const accountGet${STATEMENT}: OperationDescriptor = \\{[^}]*retryMode: "unsent-only",`));
  });

  it("turns a header the client does not fill into a call option, and a required uuid into one it defaults", async () => {
    const { operations, resources } = await statement();
    expect(operations).toContain('headerOptions: [{ option: "requestId", header: "PW-request-id", required: true, uuidDefault: true }]');
    expect(resources).toMatch(new RegExp(`export interface Get${STATEMENT}Options extends RequestOptions \\{[^}]*@default crypto\\.randomUUID\\(\\)\\s*\\*\\/\\s*requestId\\?:`));
    expect(operations).not.toMatch(/option: "subscriptionKey"/);
  });

  /** The new operation's parameters, with extra header parameters after the contract's own. */
  const withHeaders = (...headers: object[]) => ({
    parameters: [
      contractParts(contract()).version,
      contractParts(contract()).subscriptionKey,
      ...headers.map((header) => ({ in: "header", schema: { type: "string" }, ...header })),
    ],
  });

  it("refuses a header whose option would shadow a common call option, and says how to rename it", async () => {
    await expect(statementViews(withHeaders({ name: "Timeout" }))).rejects.toThrow(
      `POST /account/${STATEMENT.toLowerCase()} (getAccount${STATEMENT}): header Timeout would become the call option timeout, which is already a call option every method takes. Give the parameter another name with x-pw-sdk-option in the overlay.`,
    );
  });

  it("refuses two headers that would become the same option", async () => {
    await expect(statementViews(withHeaders({ name: "X-Trace-Id" }, { name: "x-trace-id" }))).rejects.toThrow(
      /header x-trace-id would become the call option xTraceId, which is already the option of header X-Trace-Id/,
    );
  });

  it("names a header's option after the overlay's x-pw-sdk-option", async () => {
    const rename = { target: `$.paths['/account/${STATEMENT.toLowerCase()}'].post.parameters[?(@.name == 'Timeout')]`, update: { "x-pw-sdk-option": "upstreamTimeout" } };
    const { operations, resources } = await withStatement(withHeaders({ name: "Timeout" }), [rename]);
    expect(operations).toContain('headerOptions: [{ option: "upstreamTimeout", header: "Timeout", required: false, uuidDefault: false }]');
    expect(resources).toMatch(new RegExp(`export interface Get${STATEMENT}Options extends RequestOptions \\{[^}]*upstreamTimeout\\?:`));
  });

  it("refuses an x-pw-sdk-option that is not a camelCase identifier", async () => {
    await expect(statementViews(withHeaders({ name: "Timeout", "x-pw-sdk-option": "Upstream-Timeout" }))).rejects.toThrow(
      /header Timeout: x-pw-sdk-option must be a camelCase identifier, not "Upstream-Timeout"/,
    );
  });

  it("imports each schema under the name hey-api exported it, for an operationId hey-api writes in another case", async () => {
    // hey-api camel-cases an operationId into its names: getAccountXViaHTTP gives …ViaHttpBody.
    const { operations, zodText } = await withStatement({ operationId: `getAccount${STATEMENT}ViaHTTP` });
    const imported = /^import \{ ([^}]*) \} from "\.\/zod";$/m.exec(operations)![1]!.split(", ");
    const own = imported.filter((name) => name.toLowerCase().includes(`${STATEMENT}ViaHTTP`.toLowerCase()));
    expect(own).toHaveLength(3); // its body, headers and responses
    for (const name of own) expect(zodText).toMatch(new RegExp(`^export const ${name} = `, "m"));
  });

  it("follows the overlay's retry mode for the new operation", async () => {
    const { operations } = await withStatement({ "x-pw-retry": "idempotent" });
    expect(operations).toMatch(new RegExp(`export const accountGet${STATEMENT}: OperationDescriptor = \\{[^}]*retryMode: "idempotent",`));
  });
});
