// createFakePayWise(): PayWise in the test's own process. Its `fetch` answers each operation with
// its documented success example, a request that breaks the contract with the contract's 400, and
// whatever a test scripts (src/testing/fake/scripts.ts, faults.ts); it records what it received
// (recording.ts). No socket, no port, no child process.
import { BAD_REQUEST, badRequestBody, documentedExample, jsonAnswer, type FakeAnswer } from "./answers";
import { FakeAssertionError } from "./assertions";
import { connectionFailure, noAnswer, sdkRetriesAfter, type Outcome } from "./faults";
import { FAKE_ENTRIES, entryOf, routeOf, successStatus, type FakeOperation, type FakeOperationEntry } from "./operations";
import { redactedRecord, requestSecrets, type RecordedRequest } from "./recording";
import { checkRequest, type FakeRequest, type ParsedRequest } from "./request-check";
import { OperationQueue, operationScript, type OperationScript } from "./scripts";

/** Options of {@link createFakePayWise}. None yet: everything is scripted per operation with `on()`. */
export interface FakePayWiseOptions {}

/** The fake PayWise a test passes to the client (`new PayWise({ fetch: fake.fetch, … })`). */
export interface FakePayWise {
  /** A fetch that answers as PayWise would, in process; give it to the client as its `fetch` option. */
  readonly fetch: typeof fetch;
  /** The script of one operation (`"account.register"`): answers and faults, always, once, n times or in sequence. */
  on<Op extends FakeOperation>(operation: Op): OperationScript<Op>;
  /** Every request received so far, in order, secrets redacted. */
  readonly requests: readonly RecordedRequest[];
  /** The requests of one operation, in order. */
  requestsOf(operation: FakeOperation): RecordedRequest[];
  /** The calls of one operation, each the list of its attempts (attempt 1, 2, …). */
  callsOf(operation: FakeOperation): RecordedRequest[][];
  /** Throws a FakeAssertionError unless the operation reached the fake exactly `times` times (a refused connection does not count: nothing was sent). */
  assertReceived(operation: FakeOperation, times: number): void;
  /** Throws a FakeAssertionError unless every attempt of each call of the operation carried the PW-request-id of its first. */
  assertSameRequestIdOnEveryAttempt(operation: FakeOperation): void;
  /** Forgets the requests received and every script. */
  reset(): void;
  /** @internal The one entry point of fetch and the MSW handlers. */
  handle(request: FakeRequest): Promise<Response>;
}

const NOT_FOUND = 404;
const REQUEST_ID_HEADER = "pw-request-id";

/** Reads what fetch was given (or an MSW handler received) into the fake's request. */
export async function fromFetchArguments(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<FakeRequest> {
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

/** What makes a request the repeat of another: its operation, URL and body (the date changes on every attempt; the PW-request-id must not, which assertSameRequestIdOnEveryAttempt checks). */
const repeatKey = (entry: FakeOperationEntry, request: FakeRequest) => JSON.stringify([entry.key, request.url.href, request.body ?? null]);

/** A PayWise of the contract this package was built from, in the test's own process. */
export function createFakePayWise(options: FakePayWiseOptions = {}): FakePayWise {
  if (options === null || typeof options !== "object") throw new TypeError("createFakePayWise: pass an options object, or nothing");
  const requests: RecordedRequest[] = [];
  const queues = new Map(FAKE_ENTRIES.map((entry) => [entry.key, new OperationQueue()]));
  /** Per repeated request: its last attempt, while the SDK will send it again. */
  const retriesDue = new Map<string, number>();

  const record = (entry: FakeOperationEntry | undefined, request: FakeRequest, parsed: ParsedRequest | undefined, outcome: Outcome, reachedServer: boolean) => {
    let attempt = 1;
    if (entry) {
      const key = repeatKey(entry, request);
      attempt = (retriesDue.get(key) ?? 0) + 1;
      if (sdkRetriesAfter(entry.descriptor.retryMode, outcome)) retriesDue.set(key, attempt);
      else retriesDue.delete(key);
    }
    const input = parsed?.input;
    requests.push(
      redactedRecord(
        {
          operation: entry?.key,
          attempt,
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
    const queue = queues.get(entry.key)!;
    const parsed = checkRequest(entry, request);
    // A refused connection sends nothing, so nothing is checked; otherwise the contract's 400 comes
    // first, as from PayWise, and leaves the script where it was.
    if (queue.peek()?.kind === "connection" && (queue.peek() as { fault: string }).fault === "connectionRefused") {
      queue.take();
      record(entry, request, parsed, { fault: "connectionRefused" }, false);
      throw connectionFailure("connectionRefused", request.url);
    }
    if (parsed.issues.length > 0) {
      const answer = jsonAnswer(BAD_REQUEST, badRequestBody(entry, parsed.issues, parsed.missing));
      record(entry, request, parsed, { status: answer.status }, true);
      return toResponse(answer);
    }
    const step = queue.take();
    if (step?.kind === "connection") {
      record(entry, request, parsed, { fault: step.fault }, true);
      throw connectionFailure(step.fault, request.url);
    }
    if (step?.kind === "noAnswer") {
      record(entry, request, parsed, { fault: "noAnswer" }, true);
      return noAnswer(request.signal);
    }
    const answer = step?.answer ?? jsonAnswer(successStatus(entry), documentedExample(entry, successStatus(entry)));
    record(entry, request, parsed, step?.fault ? { fault: step.fault, status: answer.status } : { status: answer.status }, true);
    return toResponse(answer);
  };

  const requestsOf = (operation: FakeOperation) => (entryOf(operation), requests.filter((request) => request.operation === operation));
  const callsOf = (operation: FakeOperation) => {
    const calls: RecordedRequest[][] = [];
    for (const request of requestsOf(operation)) {
      if (request.attempt === 1 || calls.length === 0) calls.push([request]);
      else calls.at(-1)!.push(request);
    }
    return calls;
  };

  return {
    fetch: (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => handle(await fromFetchArguments(input, init))) as typeof fetch,
    on: <Op extends FakeOperation>(operation: Op) => operationScript<Op>(entryOf(operation), queues.get(operation)!),
    get requests() {
      return [...requests];
    },
    requestsOf,
    callsOf,
    assertReceived(operation, times) {
      const received = requestsOf(operation).filter((request) => request.reachedServer);
      if (received.length !== times) {
        throw new FakeAssertionError(`${operation} was received ${received.length} time${received.length === 1 ? "" : "s"}, expected exactly ${times}`, requestsOf(operation));
      }
    },
    assertSameRequestIdOnEveryAttempt(operation) {
      const calls = callsOf(operation);
      if (calls.length === 0) throw new FakeAssertionError(`${operation} was never received`, []);
      for (const call of calls) {
        const first = call[0]!.headers[REQUEST_ID_HEADER];
        const other = call.find((attempt) => attempt.headers[REQUEST_ID_HEADER] !== first);
        if (first === undefined || other) {
          throw new FakeAssertionError(`${operation}: ${first === undefined ? "an attempt carried no PW-request-id" : `attempt ${other!.attempt} carried another PW-request-id than attempt 1`}`, call);
        }
      }
    },
    reset() {
      requests.length = 0;
      retriesDue.clear();
      for (const queue of queues.values()) queue.clear();
    },
    handle,
  };
}


