// The contract's examples as served by Prism, through raw fetch: what the SDK will be tested
// against, checked before the SDK exists. Every exchange is checked for Prism's violations, because
// an invalid request can get the very status and body a valid one is expected to get.
import { describe, expect, inject, it } from "vitest";
import { pwHeaders, TEST_SUBSCRIPTION_KEY } from "../helpers/pw-headers";
import { requestViolations, violations } from "../helpers/sl-violations";
import {
  documentedQuery,
  jsonRequestBody,
  namedExamplesInDocument,
  operation,
  operations,
  parameters,
  resolve,
  responseExamples,
  responseSchema,
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

function requestExample(op: SpecOperation): unknown {
  const media = jsonRequestBody(op);
  if (!media) return undefined;
  const examples = Object.values(media.examples ?? {});
  if (examples.length !== 1) throw new Error(`${op.operationId}: expected one request example, found ${examples.length}`);
  return examples[0]?.value;
}

function declaresRequestId(op: SpecOperation): boolean {
  return parameters(op).some((parameter) => parameter.in === "header" && parameter.name === "PW-request-id");
}

/** Sends what a caller following the docs sends: valid headers, the documented query, the request example. */
function send(op: SpecOperation, options: SendOptions = {}): Promise<Response> {
  const url = new URL(op.path, baseUrl);
  url.search = documentedQuery(op).toString();
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const body = requestExample(op);
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
    expect(inDocument.length).toBeGreaterThan(0);
    expect(NAMED_EXAMPLES).toEqual(inDocument);
  });

  for (const { operationId, status, name } of NAMED_EXAMPLES) {
    it(`${operationId} answers ${status} with the ${name} example`, async () => {
      const op = operation(operationId);
      // A valid request gets the 200 unasked. Any other answer has to be chosen, and `example=`
      // alone only searches the 200 response, so the code goes with it.
      const response = await send(op, status === 200 ? {} : { prefer: `code=${status}, example=${name}` });

      expect(await violations(response)).toEqual([]);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json\b/);
      expect(await response.json()).toStrictEqual(namedExample(op, status, name));
    });
  }

  it("getAccountBalance answers 200 with the schema-level example, as it has no named one", async () => {
    const op = operation("getAccountBalance");
    const expected = resolve(responseSchema(op, 200)).examples?.[0];
    expect(expected).toBeTypeOf("object");

    const response = await send(op);

    expect(await violations(response)).toEqual([]);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual(expected);
  });
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

  it("createAccountSession reports a missing PW-request-id", async () => {
    const response = await send(operation("createAccountSession"), { omitHeaders: ["PW-request-id"] });

    // A missing parameter is reported on its container, naming the parameter only in the message.
    expect(await requestViolations(response)).toEqual([
      expect.objectContaining({
        location: ["request", "header"],
        code: "required",
        message: expect.stringContaining("pw-request-id"),
      }),
    ]);
  });
});
