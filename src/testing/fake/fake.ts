// createFakePayWise(): PayWise in the test's own process. Its `fetch` answers each operation with
// its documented success example, a request that breaks the contract with the contract's 400, and
// whatever a test scripts (src/testing/fake/scripts.ts, faults.ts); it records what it received
// (recording.ts). No socket, no port, no child process.
import { BAD_REQUEST, badRequestBody, documentedExample, errorEnvelope, jsonAnswer, type FakeAnswer } from "./answers";
import { FakeAssertionError } from "./assertions";
import { connectionFailure, noAnswer, type Outcome } from "./faults";
import { FAKE_ENTRIES, entryOf, routeOf, successStatus, type FakeOperation, type FakeOperationEntry } from "./operations";
import { CALL_MARK_HEADER, markCalls } from "../../test-call-mark";
import { provablyNotSent } from "../../retry";
import { seededRandom } from "./seeded-random";
import { redactedRecord, requestSecrets, type RecordedRequest } from "./recording";
import { checkRequest, type FakeRequest, type ParsedRequest } from "./request-check";
import { OperationQueue, operationScript, type OperationScript } from "./scripts";

/** Options of {@link createFakePayWise}; everything else is scripted per operation with `on()`. */
export interface FakePayWiseOptions {
  /** The seed of the draws of `rate()` scripts: the same seed replays the same faults. @default a random one, in `fake.seed` and every FakeAssertionError */
  seed?: number;
}

/** The fake PayWise a test passes to the client (`new PayWise({ fetch: fake.fetch, … })`). */
export interface FakePayWise {
  /** A fetch that answers as PayWise would, in process; give it to the client as its `fetch` option. */
  readonly fetch: typeof fetch;
  /** The script of one operation (`"account.register"`): answers and faults, always, once, n times or in sequence. */
  on<Op extends FakeOperation>(operation: Op): OperationScript<Op>;
  /** Every request received so far, in order, secrets redacted. */
  readonly requests: readonly RecordedRequest[];
  /** The requests of one operation, in order. */
  requestsOf<Op extends FakeOperation>(operation: Op): RecordedRequest<Op>[];
  /** The SDK calls of one operation, in the order they began, each the list of its attempts (attempt 1, 2, …). */
  callsOf<Op extends FakeOperation>(operation: Op): RecordedRequest<Op>[][];
  /** The seed of this fake's `rate()` draws: pass it to createFakePayWise to replay a run. */
  readonly seed: number;
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
/** The draws use a 32-bit state (seeded-random.ts), so larger seeds would repeat smaller ones. */
const MAX_SEED = 2 ** 32 - 1;
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

/** A PayWise of the contract this package was built from, in the test's own process. */
export function createFakePayWise(options: FakePayWiseOptions = {}): FakePayWise {
  if (options === null || typeof options !== "object") throw new TypeError("createFakePayWise: pass an options object, or nothing");
  const { seed = Math.floor(Math.random() * (MAX_SEED + 1)) } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new TypeError(`createFakePayWise: seed must be a whole number from 0 to ${MAX_SEED}, not ${JSON.stringify(seed)}`);
  // From now on the SDK marks each call's attempts (src/test-call-mark.ts): the fake groups by it.
  markCalls();
  const draw = seededRandom(seed);
  const requests: RecordedRequest[] = [];
  const queues = new Map(FAKE_ENTRIES.map((entry) => [entry.key, new OperationQueue()]));
  /** Per SDK call (its mark): its number and how many attempts arrived. */
  const calls = new Map<string, { call: number; attempts: number }>();
  let callCount = 0;

  const record = (entry: FakeOperationEntry | undefined, request: FakeRequest, parsed: ParsedRequest | undefined, outcome: Outcome, reachedServer: boolean) => {
    // A request without the mark (not sent by the SDK) is a call of its own.
    const mark = request.headers.get(CALL_MARK_HEADER);
    let call = mark === null ? undefined : calls.get(mark);
    if (!call) {
      call = { call: ++callCount, attempts: 0 };
      if (mark !== null) calls.set(mark, call);
    }
    call.attempts++;
    const headers = new Headers(request.headers);
    headers.delete(CALL_MARK_HEADER);
    const input = parsed?.input;
    requests.push(
      redactedRecord(
        {
          operation: entry?.key,
          call: call.call,
          attempt: call.attempts,
          method: request.method,
          path: entry ? entry.descriptor.path : request.url.pathname,
          input,
          query: parsed?.query ?? Object.fromEntries(request.url.searchParams),
          headers,
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
      const answer = jsonAnswer(NOT_FOUND, errorEnvelope(NOT_FOUND, `The fake PayWise has no operation ${request.method} ${request.url.pathname}`));
      record(undefined, request, undefined, { status: answer.status }, true);
      return toResponse(answer);
    }
    const parsed = checkRequest(entry, request);
    const next = queues.get(entry.key)!.next(parsed.input, draw);
    const step = next.step;
    // A refused connection sends nothing, so nothing is checked; otherwise the contract's 400 comes
    // first, as from PayWise, and leaves the queued script where it was.
    if (step?.kind === "connection") {
      next.use();
      const failure = connectionFailure(step.fault, request.url);
      // Whether it reached the fake is what the SDK's own reading of the error says (src/retry.ts).
      record(entry, request, parsed, { fault: step.fault }, !provablyNotSent(failure));
      throw failure;
    }
    if (parsed.issues.length > 0) {
      const answer = jsonAnswer(BAD_REQUEST, badRequestBody(entry, parsed.issues, parsed.missing));
      record(entry, request, parsed, { status: answer.status }, true);
      return toResponse(answer);
    }
    next.use();
    if (step?.kind === "noAnswer") {
      record(entry, request, parsed, { fault: "noAnswer" }, true);
      return noAnswer(request.signal);
    }
    const answer = step?.answer ?? jsonAnswer(successStatus(entry), documentedExample(entry, successStatus(entry)));
    record(entry, request, parsed, step?.fault ? { fault: step.fault, status: answer.status } : { status: answer.status }, true);
    return toResponse(answer);
  };

  const requestsOf = <Op extends FakeOperation>(operation: Op) => (entryOf(operation), requests.filter((request): request is RecordedRequest<Op> => request.operation === operation));
  const callsOf = <Op extends FakeOperation>(operation: Op) => {
    const byCall = new Map<number, RecordedRequest<Op>[]>();
    for (const request of requestsOf(operation)) {
      const attempts = byCall.get(request.call);
      if (attempts) attempts.push(request);
      else byCall.set(request.call, [request]);
    }
    return [...byCall.values()];
  };
  const fail = (expectation: string, shown: readonly RecordedRequest[]) => new FakeAssertionError(expectation, shown, seed);

  return {
    fetch: (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => handle(await fromFetchArguments(input, init))) as typeof fetch,
    on: <Op extends FakeOperation>(operation: Op) => operationScript<Op>(entryOf(operation), queues.get(operation)!),
    get requests() {
      return [...requests];
    },
    requestsOf,
    callsOf,
    seed,
    assertReceived(operation, times) {
      const received = requestsOf(operation).filter((request) => request.reachedServer);
      if (received.length !== times) throw fail(`${operation} was received ${received.length} time${received.length === 1 ? "" : "s"}, expected exactly ${times}`, requestsOf(operation));
    },
    assertSameRequestIdOnEveryAttempt(operation) {
      const calls = callsOf(operation);
      if (calls.length === 0) throw fail(`${operation} was never received`, []);
      for (const call of calls) {
        const first = call[0]!.headers[REQUEST_ID_HEADER];
        const other = call.find((attempt) => attempt.headers[REQUEST_ID_HEADER] !== first);
        if (first === undefined) throw fail(`${operation}: call ${call[0]!.call}'s attempt 1 carried no PW-request-id`, call);
        if (other) throw fail(`${operation}: call ${other.call}'s attempt ${other.attempt} carried PW-request-id ${other.headers[REQUEST_ID_HEADER] ?? "(none)"}, attempt 1 carried ${first}`, call);
      }
    },
    reset() {
      requests.length = 0;
      calls.clear();
      callCount = 0;
      for (const queue of queues.values()) queue.clear();
    },
    handle,
  };
}


