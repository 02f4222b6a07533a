// createFakePayWise(): PayWise in the test's own process. Its `fetch` answers each operation with
// its documented success example, a request that breaks the contract with the contract's 400, and
// whatever a test scripts; it records what it received. No socket, no port, no child process.
import { BAD_REQUEST, badRequestBody, documentedExample, jsonAnswer, type FakeAnswer } from "./answers";
import { routeOf, successStatus, type FakeOperation, type FakeOperationEntry } from "./operations";
import { redactedRecord, requestSecrets, type RecordedRequest } from "./recording";
import { checkRequest, type FakeRequest, type ParsedRequest } from "./request-check";

/** Options of {@link createFakePayWise}. */
export interface FakePayWiseOptions {}

/** The fake PayWise a test passes to the client (`new PayWise({ fetch: fake.fetch, … })`). */
export interface FakePayWise {
  /** A fetch that answers as PayWise would, in process; give it to the client as its `fetch` option. */
  readonly fetch: typeof fetch;
  /** Every request received so far, in order, secrets redacted. */
  readonly requests: readonly RecordedRequest[];
  /** The requests of one operation. */
  requestsOf(operation: FakeOperation): RecordedRequest[];
  /** Forgets the requests received. */
  reset(): void;
  /** @internal The one entry point of fetch and the MSW handlers. */
  handle(request: FakeRequest): Promise<Response>;
}

const NOT_FOUND = 404;

/** Reads what fetch was given into the fake's request. */
async function fromFetchArguments(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<FakeRequest> {
  const request = typeof input === "object" && "url" in input && !(input instanceof URL) ? (input as Request) : undefined;
  const url = new URL(request ? request.url : String(input));
  const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
  const headers = new Headers(init?.headers ?? request?.headers);
  let body: string | undefined;
  if (init?.body != null) body = await new Response(init.body).text();
  else if (request && request.body) body = await request.clone().text();
  return { method, url, headers, body, signal: init?.signal ?? request?.signal ?? undefined };
}

function toResponse(answer: FakeAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** A PayWise of the contract this package was built from, in the test's own process. */
export function createFakePayWise(options: FakePayWiseOptions = {}): FakePayWise {
  if (options === null || typeof options !== "object") throw new TypeError("createFakePayWise: pass an options object, or nothing");
  const requests: RecordedRequest[] = [];

  const record = (entry: FakeOperationEntry | undefined, request: FakeRequest, parsed: ParsedRequest | undefined, outcome: RecordedRequest["outcome"], reachedServer: boolean) => {
    const input = parsed?.input;
    requests.push(
      redactedRecord(
        {
          operation: entry?.key,
          attempt: 1,
          method: request.method,
          path: entry ? entry.descriptor.path : request.url.pathname,
          input,
          query: parsed?.query ?? Object.fromEntries(request.url.searchParams),
          headers: request.headers,
          reachedServer,
          outcome,
          issues: parsed?.issues ?? [],
        },
        requestSecrets(request.headers, input),
      ),
    );
  };

  const handle = async (request: FakeRequest): Promise<Response> => {
    const entry = routeOf(request.method, request.url.pathname);
    if (!entry) {
      const answer = jsonAnswer(NOT_FOUND, {
        status: "error",
        code: NOT_FOUND,
        message: `The fake PayWise has no operation ${request.method} ${request.url.pathname}`,
        request_id: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
      });
      record(undefined, request, undefined, { status: answer.status }, true);
      return toResponse(answer);
    }
    const parsed = checkRequest(entry, request);
    let answer: FakeAnswer;
    if (parsed.issues.length > 0) answer = jsonAnswer(BAD_REQUEST, badRequestBody(entry, parsed.issues, parsed.missing));
    else answer = jsonAnswer(successStatus(entry), documentedExample(entry, successStatus(entry)));
    record(entry, request, parsed, { status: answer.status }, true);
    return toResponse(answer);
  };

  const fakeFetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => handle(await fromFetchArguments(input, init))) as typeof fetch;

  return {
    fetch: fakeFetch,
    get requests() {
      return [...requests];
    },
    requestsOf: (operation) => requests.filter((request) => request.operation === operation),
    reset: () => void (requests.length = 0),
    handle,
  };
}
