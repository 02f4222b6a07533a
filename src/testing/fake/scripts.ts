// What a test scripts per operation: answers by documented status and example, payloads of the
// result type, bodies of a documented status, and faults; always, once, n times or in sequence.
// Every step is checked when it is scripted, so a wrong one fails where the test wrote it.
import { assertFits, documentedExample, jsonAnswer, payloadBody, type FakeAnswer } from "./answers";
import { FAULT_NAMES, faultAnswer, type FakeFault, type FaultName } from "./faults";
import { documentedStatuses, successStatus, type FakeBody, type FakeExample, type FakeOperation, type FakeOperationEntry, type FakePayload, type FakeStatus } from "./operations";

/** A documented answer by status, and by example name where the status has several. */
export type FakeDocumentedStep<Op extends FakeOperation> = {
  [Status in FakeStatus<Op>]: { status: Status; example?: FakeExample<Op, Status>; headers?: Record<string, string> };
}[FakeStatus<Op>];

/** A documented status with a body of its type (the whole envelope). */
export type FakeBodyStep<Op extends FakeOperation> = {
  [Status in FakeStatus<Op>]: { status: Status; body: FakeBody<Op, Status>; headers?: Record<string, string> };
}[FakeStatus<Op>];

/** A success whose payload is what the SDK method resolves to; the envelope is filled in from the documented example. */
export interface FakePayloadStep<Op extends FakeOperation> {
  payload: FakePayload<Op>;
  headers?: Record<string, string>;
}

/** One scripted answer or fault for an operation. */
export type FakeStep<Op extends FakeOperation = FakeOperation> = FakeDocumentedStep<Op> | FakeBodyStep<Op> | FakePayloadStep<Op> | FakeFault;

/** A step made ready: the answer to send, or the fault to simulate. */
export type ReadyStep = { kind: "answer"; answer: FakeAnswer; fault?: FaultName } | { kind: "connection"; fault: "connectionRefused" | "connectionReset" | "connectionClosed" } | { kind: "noAnswer" };

const STEP_KEYS = {
  documented: ["status", "example", "headers"],
  body: ["status", "body", "headers"],
  payload: ["payload", "headers"],
} as const;

function headersOf(step: { headers?: unknown }, where: string): Record<string, string> {
  if (step.headers === undefined) return {};
  if (step.headers === null || typeof step.headers !== "object" || Array.isArray(step.headers) || Object.values(step.headers).some((value) => typeof value !== "string")) {
    throw new TypeError(`${where}: headers must be an object of strings`);
  }
  return step.headers as Record<string, string>;
}

function onlyKeys(step: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(step)) if (!allowed.includes(key)) throw new TypeError(`${where}: unknown key "${key}"; this kind of step takes ${allowed.join(", ")}`);
}

/** Checks a step and makes it ready, or throws a TypeError saying what is wrong and what the contract documents. */
export function readyStep(entry: FakeOperationEntry, step: unknown): ReadyStep {
  const where = `fake PayWise, ${entry.key}`;
  if (step === null || typeof step !== "object" || Array.isArray(step)) throw new TypeError(`${where}: a step is an object such as { status: ${successStatus(entry)} }, { payload: … } or { fault: "connectionReset" }`);
  const record = step as Record<string, unknown>;
  if ("fault" in record) {
    const fault = record.fault as FaultName;
    if (!FAULT_NAMES.includes(fault)) throw new TypeError(`${where}: unknown fault ${JSON.stringify(fault)}; the faults are ${FAULT_NAMES.join(", ")}`);
    if (fault === "connectionRefused" || fault === "connectionReset" || fault === "connectionClosed") {
      onlyKeys(record, ["fault"], where);
      return { kind: "connection", fault };
    }
    if (fault === "noAnswer") {
      onlyKeys(record, ["fault"], where);
      return { kind: "noAnswer" };
    }
    onlyKeys(record, fault === "retryAfter" ? ["fault", "status", "retryAfter"] : fault === "malformedSuccess" ? ["fault", "status", "body"] : ["fault", "status"], where);
    return { kind: "answer", answer: faultAnswer(entry, record as Extract<FakeFault, { fault: typeof fault }>), fault };
  }
  if ("payload" in record) {
    onlyKeys(record, STEP_KEYS.payload, where);
    return { kind: "answer", answer: jsonAnswer(successStatus(entry), payloadBody(entry, record.payload), headersOf(record, where)) };
  }
  if (!("status" in record)) throw new TypeError(`${where}: a step needs a status, a payload or a fault`);
  const status = record.status as number;
  if (!entry.answers[status]) {
    throw new TypeError(`${where}: the contract documents no status ${JSON.stringify(status)} for ${entry.key}; it documents ${documentedStatuses(entry).join(", ")} (for other failures, script a fault: ${FAULT_NAMES.join(", ")})`);
  }
  if ("body" in record) {
    onlyKeys(record, STEP_KEYS.body, where);
    assertFits(entry, status, record.body, `the scripted body for ${status}`);
    return { kind: "answer", answer: jsonAnswer(status, record.body, headersOf(record, where)) };
  }
  onlyKeys(record, STEP_KEYS.documented, where);
  if (record.example !== undefined && typeof record.example !== "string") throw new TypeError(`${where}: example must be the name of a documented example`);
  return { kind: "answer", answer: jsonAnswer(status, documentedExample(entry, status, record.example as string | undefined), headersOf(record, where)) };
}

/** The scripted steps of one operation: queued ones first (each used up), then the standing one. */
export class OperationQueue {
  #queue: ReadyStep[] = [];
  #standing: ReadyStep | undefined;

  always(step: ReadyStep): void {
    this.#standing = step;
  }

  enqueue(steps: readonly ReadyStep[]): void {
    this.#queue.push(...steps);
  }

  /** The next step without using it up (undefined: the default answer). */
  peek(): ReadyStep | undefined {
    return this.#queue[0] ?? this.#standing;
  }

  /** The next step, used up when it was queued. */
  take(): ReadyStep | undefined {
    return this.#queue.shift() ?? this.#standing;
  }

  /** How many queued steps are left. */
  get pending(): number {
    return this.#queue.length;
  }

  clear(): void {
    this.#queue = [];
    this.#standing = undefined;
  }
}

/** What `fake.on(operation)` gives: the scripting methods of one operation. */
export interface OperationScript<Op extends FakeOperation> {
  /** Every request from now on (until reset) gets this, after any queued steps. */
  always(step: FakeStep<Op>): OperationScript<Op>;
  /** The next request gets this, then the script goes on. */
  once(step: FakeStep<Op>): OperationScript<Op>;
  /** The next `times` requests get this. */
  times(times: number, step: FakeStep<Op>): OperationScript<Op>;
  /** The next requests get these, one each, in order. */
  sequence(steps: readonly FakeStep<Op>[]): OperationScript<Op>;
  /** Back to the default: the documented success example. */
  reset(): OperationScript<Op>;
  /** How many queued steps are still to be used. */
  readonly pending: number;
}

/** The script of one operation, over its queue. */
export function operationScript<Op extends FakeOperation>(entry: FakeOperationEntry, queue: OperationQueue): OperationScript<Op> {
  const script: OperationScript<Op> = {
    always: (step) => (queue.always(readyStep(entry, step)), script),
    once: (step) => (queue.enqueue([readyStep(entry, step)]), script),
    times: (times, step) => {
      if (!Number.isInteger(times) || times < 1) throw new TypeError(`fake PayWise, ${entry.key}: times must be a whole number of 1 or more, not ${JSON.stringify(times)}`);
      const ready = readyStep(entry, step);
      queue.enqueue(Array.from({ length: times }, () => ready));
      return script;
    },
    sequence: (steps) => {
      if (!Array.isArray(steps) || steps.length === 0) throw new TypeError(`fake PayWise, ${entry.key}: sequence takes a non-empty array of steps`);
      queue.enqueue(steps.map((step) => readyStep(entry, step)));
      return script;
    },
    reset: () => (queue.clear(), script),
    get pending() {
      return queue.pending;
    },
  };
  return script;
}
