// The contract's examples as served by Prism, through raw fetch: what the SDK will be tested
// against, checked before the SDK exists. Every exchange is checked for Prism's violations, because
// an invalid request can get the very status and body a valid one is expected to get.
import { describe, expect, inject, it } from "vitest";
import { pwHeaders, TEST_SUBSCRIPTION_KEY } from "../helpers/pw-headers";
import { requestViolations, violations } from "../helpers/sl-violations";
import {
  documentedBody,
  documentedParameters,
  documentedQuery,
  namedExamplesInDocument,
  operation,
  operations,
  parameters,
  resolve,
  responseExamples,
  responseSchema,
  spec,
  successStatus,
  type SpecOperation,
} from "../helpers/spec";

const baseUrl = inject("mockServerUrl");

interface SendOptions {
  /** Prism's `Prefer` header, such as `code=409, example=error`. */
  prefer?: string;
  /** Replace or add headers after the valid defaults. */
  headers?: Record<string, string>;
  /** Replace or add query parameters after the documented ones. */
  query?: Record<string, string>;
  /** Leave out these of the valid default headers. */
  omitHeaders?: string[];
}

function declaresRequestId(op: SpecOperation): boolean {
  return parameters(op).some((parameter) => parameter.in === "header" && parameter.name === "PW-request-id");
}

/** Sends what a caller following the docs sends: valid headers, the documented query, the request example. */
function send(op: SpecOperation, options: SendOptions = {}): Promise<Response> {
  const path = Object.entries(documentedParameters(op, "path")).reduce((at, [name, value]) => at.replace(`{${name}}`, encodeURIComponent(String(value))), op.path);
  const url = new URL(path, baseUrl);
  url.search = documentedQuery(op).toString();
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  // The request body's example, else one generated from its schema (test/helpers/samples.ts).
  const body = documentedBody(op);
  const headers: Record<string, string> = {
    ...pwHeaders({ requestId: declaresRequestId(op) }),
    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    ...(options.prefer === undefined ? {} : { Prefer: options.prefer }),
    ...options.headers,
  };
  for (const name of options.omitHeaders ?? []) delete headers[name];
  return fetch(url, { method: op.method, headers, body: body === undefined ? null : JSON.stringify(body) });
}

function namedExample(op: SpecOperation, status: number, name: string): unknown {
  const found = responseExamples(op).find((example) => example.status === status && example.name === name);
  if (!found) throw new Error(`${op.operationId}: no ${status} example named ${name}`);
  return found.value;
}

/** Every named response example of the contract, each checked below as Prism serves it. */
const NAMED_EXAMPLES = operations().flatMap((op) => responseExamples(op).map(({ status, name }) => ({ operationId: op.operationId, status, name })));

describe("the spec's examples", () => {
  it("are all covered by this file", () => {
    // Against the document walked on its own: an example the helper misses fails here.
    const inDocument = namedExamplesInDocument().filter((example) => example.status !== "request");
    // A contract written without examples has none to find; one that has the keyword must yield some.
    expect(inDocument.length > 0).toBe(/"examples"/.test(JSON.stringify(spec.paths)));
    expect(NAMED_EXAMPLES).toEqual(inDocument);
  });

  for (const { operationId, status, name } of NAMED_EXAMPLES) {
    it(`${operationId} answers ${status} with the ${name} example`, async () => {
      const op = operation(operationId);
      // A valid request gets the 200 unasked. Any other answer has to be chosen, and `example=`
      // alone only searches the 200 response, so the code goes with it.
      const response = await send(op, status === successStatus(op) ? {} : { prefer: `code=${status}, example=${name}` });

      expect(await violations(response)).toEqual([]);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json\b/);
      expect(await response.json()).toStrictEqual(namedExample(op, status, name));
    });
  }

  // The operations whose success has a schema-level example and no named one.
  const schemaLevel = operations().filter((op) => !responseExamples(op).some((example) => example.status === successStatus(op)) && resolve(responseSchema(op, successStatus(op))).examples?.length);
  for (const op of schemaLevel) {
    it(`${op.operationId} answers ${successStatus(op)} with the schema-level example, as it has no named one`, async () => {
      const expected = resolve(responseSchema(op, successStatus(op))).examples?.[0];
      expect(expected).toBeTypeOf("object");

      const response = await send(op);

      expect(await violations(response)).toEqual([]);
      expect(response.status).toBe(successStatus(op));
      expect(await response.json()).toStrictEqual(expected);
    });
  }
});

describe("request validation", () => {
  for (const op of operations()) {
    it(`${op.operationId} reports a 31-character key, an unknown version and a lowercase country`, async () => {
      const response = await send(op, {
        headers: { "PW-subscription-key": TEST_SUBSCRIPTION_KEY.slice(1), "PW-origin-country": "tt" },
        query: { version: "2023-01-01" },
      });

      expect(await requestViolations(response)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ location: ["request", "header", "pw-subscription-key"], code: "minLength" }),
          expect.objectContaining({ location: ["request", "header", "pw-origin-country"], code: "pattern" }),
          expect.objectContaining({ location: ["request", "query", "version"], code: "enum" }),
        ]),
      );
      // The spec's own 400 where there is one, Prism's 422 otherwise: a status that a valid request
      // can get too (with Prefer), so only the violations above tell the two apart.
      expect(response.status).toBe(op.operation.responses["400"] ? 400 : 422);
    });
  }

  for (const op of operations().filter(declaresRequestId)) {
    it(`${op.operationId} reports a missing PW-request-id`, async () => {
      const response = await send(op, { omitHeaders: ["PW-request-id"] });

      // A missing parameter is reported on its container, naming the parameter only in the message.
      expect(await requestViolations(response)).toEqual([
        expect.objectContaining({
          location: ["request", "header"],
          code: "required",
          message: expect.stringContaining("pw-request-id"),
        }),
      ]);
    });
  }
});
