// What is measured: the contract's operations (read from the spec with their example inputs and
// success answers) and the same call made five ways: raw fetch, bare openapi-fetch, the SDK, ky and
// openai-node (a Stainless-generated client's machinery, called through its generic get/post).
// Every client sends the same headers, computed per call as any client must (PW-request-date is
// the time of the call; account_session takes a fresh PW-request-id), and resolves with the
// parsed body or throws on an error status.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { contractFiles } from "../scripts/lib/contracts.mjs";
import { JSON_MEDIA, jsonMedia, operationsOf, parametersOf, resolveRef as resolve, successStatus } from "../scripts/lib/openapi.mjs";
import { applyOverlay } from "../scripts/lib/overlay.mjs";
import { sdkOperations } from "../scripts/lib/sdk-names.mjs";
import { generatedExample, staticMockContract } from "../scripts/lib/static-mock.mjs";

/** The newest contract in openapi/, the one the SDK speaks (a bump moves the bench with it). */
const NEWEST = contractFiles(fileURLToPath(new URL("../openapi/", import.meta.url))).at(-1);
export const CONTRACT_VERSION = NEWEST.replace(/^pw-wrappers\.|\.yaml$/g, "");
const SPEC_URL = new URL(`../openapi/${NEWEST}`, import.meta.url);

/**
 * The SDK's `resource.method` for each operationId, by the generator's own naming rule over the
 * contract with the overlay applied (what generated/ was written from), so a bump that adds an
 * operation adds it to the bench instead of stopping it.
 */
const sdkView = await applyOverlay(parse(readFileSync(SPEC_URL, "utf8")), parse(readFileSync(new URL("../openapi/pw-wrappers.overlay.yaml", import.meta.url), "utf8")), {
  specName: NEWEST,
  overlayName: "pw-wrappers.overlay.yaml",
  strict: false,
  note: () => {},
});
export const SDK_METHODS = Object.fromEntries(sdkOperations(sdkView).map((entry) => [entry.operationId, { resource: entry.resource, method: entry.method }]));

/**
 * The client names, in the order tables show them; raw fetch is the baseline of every ratio.
 * `sdk-otel` is the SDK with the telemetry option on (bench/telemetry.mjs), `sdk` with it off.
 */
export const CLIENTS = ["fetch", "openapi-fetch", "sdk", "sdk-otel", "ky", "openai-node"];

/** Header values that pass the contract's checks; the server never sees a real key. */
export const IDENTITY = {
  subscriptionKey: "0123456789abcdef0123456789abcdef",
  originCountry: "TT",
  ipAddress: "203.0.113.7",
  userAgent: "paywise-bench",
};

/** The media type's or its schema's first example, else one generated from the schema (seeded by `label`). */
const firstExample = (spec, media, label) => {
  const named = media.examples && Object.values(media.examples)[0];
  if (named) return named.value;
  if (media.example !== undefined) return media.example;
  const schema = resolve(spec, media.schema);
  if (schema?.examples?.length) return schema.examples[0];
  if (schema && "example" in schema) return schema.example;
  return generatedExample(media.schema ?? {}, spec.components, label);
};

/** A parameter's example, else its schema's, else one generated from its schema. */
const parameterValue = (spec, p, label) => {
  const schema = resolve(spec, p.schema) ?? {};
  return p.example ?? schema.examples?.[0] ?? schema.example ?? generatedExample(p.schema ?? {}, spec.components, label);
};

/**
 * The operations of the contract with their example inputs and answers: the contract's examples,
 * else values generated from its schemas, and each operation's first 2xx as the success the
 * server answers, so a contract written without examples, or answering 201, is measured too.
 */
export function loadContract() {
  const spec = parse(readFileSync(SPEC_URL, "utf8"));
  // The answers as the static mock serves them: examples generated where the contract has none.
  const served = staticMockContract(spec) ?? spec;
  const operations = [];
  for (const { path, method, operation: op } of operationsOf(spec)) {
    const parameters = parametersOf(spec, path, op);
    const query = {};
    for (const p of parameters.filter((p) => p.in === "query" && p.required && p.name !== "version")) query[p.name] = parameterValue(spec, p, `${op.operationId} query ${p.name}`);
    const pathValues = {};
    for (const p of parameters.filter((p) => p.in === "path")) pathValues[p.name] = parameterValue(spec, p, `${op.operationId} path ${p.name}`);
    const json = jsonMedia(spec, op.requestBody);
    const status = successStatus(op);
    const answer = jsonMedia(served, served.paths[path][method].responses[status]);
    operations.push({
      id: op.operationId,
      sdkMethod: SDK_METHODS[op.operationId],
      method: method.toUpperCase(),
      path,
      // The path the request goes to: the template with its parameters' values, one segment each.
      route: path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(pathValues[name]))),
      query,
      pathValues,
      input: json ? firstExample(spec, json, `${op.operationId} request body`) : { ...query, ...pathValues },
      hasBody: Boolean(json),
      requiredHeaders: parameters.filter((p) => p.in === "header" && p.required).map((p) => p.name),
      requiredQuery: parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name),
      status: Number(status),
      response: firstExample(served, answer, `${op.operationId} ${status}`),
    });
  }
  for (const op of operations) if (!op.sdkMethod) throw new Error(`bench/scenarios.mjs has no SDK method for ${op.id}`);
  return { operations };
}

const requestDate = () => new Date().toISOString().slice(0, 19).replace("T", " ");

/** The PayWise headers the SDK sends, built per call. */
function pwHeaders(op) {
  const headers = {
    "PW-subscription-key": IDENTITY.subscriptionKey,
    "PW-origin-country": IDENTITY.originCountry,
    "PW-request-date": requestDate(),
    "PW-ip-address": IDENTITY.ipAddress,
    "User-Agent": IDENTITY.userAgent,
    Accept: JSON_MEDIA,
  };
  if (op.requiredHeaders.includes("PW-request-id")) headers["PW-request-id"] = randomUUID();
  return headers;
}

/**
 * One `() => Promise` per client and operation.
 * @param deps {{ baseUrl: string, sdk: { PayWise: Function }, createClient: Function, ky: Function, OpenAI: Function, telemetry?: object }} (telemetry: the telemetry option's value)
 */
export function createCalls(operations, { baseUrl, sdk, createClient, ky, OpenAI, telemetry }) {
  const openapi = createClient({ baseUrl });
  // No key reaches the server: it checks the PayWise headers only.
  const openai = new OpenAI({ apiKey: "bench", baseURL: baseUrl });
  const kyClient = ky.create({ prefixUrl: baseUrl });
  const paywise = new sdk.PayWise({ ...IDENTITY, baseUrl, logLevel: "off" });
  const observed = telemetry ? new sdk.PayWise({ ...IDENTITY, baseUrl, logLevel: "off", telemetry }) : undefined;
  const calls = {};
  for (const name of CLIENTS) calls[name] = {};
  for (const op of operations) {
    const queryOf = () => (op.hasBody ? { version: CONTRACT_VERSION } : { ...op.query, version: CONTRACT_VERSION });
    const bodyOf = (input) => (op.hasBody ? input : undefined);
    const input = op.input;

    calls.fetch[op.id] = async () => {
      const headers = pwHeaders(op);
      const init = { method: op.method, headers };
      if (op.hasBody) {
        headers["Content-Type"] = JSON_MEDIA;
        init.body = JSON.stringify(bodyOf(input));
      }
      const res = await fetch(`${baseUrl}${op.route}?${new URLSearchParams(queryOf())}`, init);
      if (!res.ok) throw new Error(`fetch ${op.id}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    };

    const verb = op.method; // openapi-fetch's GET / POST
    calls["openapi-fetch"][op.id] = async () => {
      const { data, error, response } = await openapi[verb](op.path, {
        params: { query: queryOf(), path: op.pathValues, header: pwHeaders(op) },
        body: bodyOf(input),
      });
      if (error !== undefined) throw new Error(`openapi-fetch ${op.id}: HTTP ${response.status} ${JSON.stringify(error)}`);
      return data;
    };

    const resource = paywise[op.sdkMethod.resource];
    const method = resource[op.sdkMethod.method].bind(resource);
    calls.sdk[op.id] = () => method(input);
    if (observed) {
      const observedResource = observed[op.sdkMethod.resource];
      const observedMethod = observedResource[op.sdkMethod.method].bind(observedResource);
      calls["sdk-otel"][op.id] = () => observedMethod(input);
    }

    calls.ky[op.id] = () =>
      kyClient(op.route.slice(1), {
        method: op.method,
        headers: pwHeaders(op),
        searchParams: queryOf(),
        json: bodyOf(input),
      }).json();

    // openai-node's own client (its retries, timeout, headers and JSON parsing), with the PayWise headers.
    const verbName = op.method.toLowerCase();
    calls["openai-node"][op.id] = () => openai[verbName](op.route, { query: queryOf(), body: bodyOf(input), headers: pwHeaders(op) });
  }
  return calls;
}
