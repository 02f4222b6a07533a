// What a test scripts per operation: answers by documented status and example, payloads of the
// result type, bodies of a documented status, and faults; always, once, n times or in sequence.
// Every step is checked when it is scripted, so a wrong one fails where the test wrote it.
import { isDeepStrictEqual } from "node:util";
import { isObject } from "../../constants";
import { assertFits, documentedExample, jsonAnswer, payloadBody, type FakeAnswer } from "./answers";
import { FAULT_NAMES, faultAnswer, type FakeFault, type FaultName } from "./faults";
import { answerOf, documentedStatuses, successStatus, type FakeBody, type FakeExample, type FakeInput, type FakeOperation, type FakeOperationEntry, type FakePayload, type FakeStatus } from "./operations";

// Each kind of step says `never` for the keys of the others: TypeScript checks an object literal
// against a union member by member only when no member allows the key, so without these a
// `{ status: 400, body: … }` whose body does not fit would pass as a documented step.

/** A documented answer by status, and by example name where the status has several. */
export type FakeDocumentedStep<Op extends FakeOperation> = {
  [Status in FakeStatus<Op>]: { status: Status; example?: FakeExample<Op, Status>; headers?: Record<string, string>; body?: never; payload?: never; fault?: never };
}[FakeStatus<Op>];

/** A documented status with a body of its type (the whole envelope). */
export type FakeBodyStep<Op extends FakeOperation> = {
  [Status in FakeStatus<Op>]: { status: Status; body: FakeBody<Op, Status>; headers?: Record<string, string>; example?: never; payload?: never; fault?: never };
}[FakeStatus<Op>];

/** A success whose payload is what the SDK method resolves to; the envelope is filled in from the documented example. */
export interface FakePayloadStep<Op extends FakeOperation> {
  payload: FakePayload<Op>;
  headers?: Record<string, string>;
  status?: never;
  body?: never;
  fault?: never;
}

/** One scripted answer or fault for an operation. */
export type FakeStep<Op extends FakeOperation = FakeOperation> = FakeDocumentedStep<Op> | FakeBodyStep<Op> | FakePayloadStep<Op> | FakeFault;

/** Which calls a step of `when` is for: those whose input has these values, or for which the function says true. */
export type FakeInputMatch<Op extends FakeOperation> = Partial<FakeInput<Op>> | ((input: FakeInput<Op>) => boolean);

/** A step made ready: the answer to send, or the fault to simulate. */
export type ReadyStep = { kind: "answer"; answer: FakeAnswer; fault?: FaultName } | { kind: "connection"; fault: "connectionRefused" | "connectionReset" | "connectionClosed" } | { kind: "noAnswer" };

const STEP_KEYS = {
  documented: ["status", "example", "headers"],
  body: ["status", "body", "headers"],
  payload: ["payload", "headers"],
} as const;

function headersOf(step: { headers?: unknown }, where: string): Record<string, string> {
  if (step.headers === undefined) return {};
  if (!isObject(step.headers) || Object.values(step.headers).some((value) => typeof value !== "string")) {
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
  if (!isObject(step)) throw new TypeError(`${where}: a step is an object such as { status: ${successStatus(entry)} }, { payload: … } or { fault: "connectionReset" }`);
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
  if (!answerOf(entry, status)) {
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

/** A standing step for some attempts: those whose input matches, or a seeded fraction of them. */
interface Rule {
  readonly step: ReadyStep;
  readonly applies: (input: unknown, draw: () => number) => boolean;
}

/**
 * The scripted steps of one operation: queued ones first (each used up; `times` is one run, so a
 * long script costs one entry, not one per request), then the rules of `when` and `rate` in the
 * order scripted, then the standing one.
 */
export class OperationQueue {
  #runs: { step: ReadyStep; left: number }[] = [];
  #head = 0;
  #rules: Rule[] = [];
  #standing: ReadyStep | undefined;

  always(step: ReadyStep): void {
    this.#standing = step;
  }

  enqueue(step: ReadyStep, times = 1): void {
    this.#runs.push({ step, left: times });
  }

  rule(rule: Rule): void {
    this.#rules.push(rule);
  }

  /**
   * The step for one attempt (undefined: the default answer), with `use` to use up a queued one.
   * Each rule draws once per attempt, so a call's attempts each meet the fault rate on their own.
   */
  next(input: unknown, draw: () => number): { step: ReadyStep | undefined; use(): void } {
    const run = this.#runs[this.#head];
    if (run) return { step: run.step, use: () => this.#useOne(run) };
    const rule = this.#rules.find((candidate) => candidate.applies(input, draw));
    return { step: rule?.step ?? this.#standing, use: () => {} };
  }

  #useOne(run: { left: number }): void {
    if (--run.left > 0) return;
    this.#head++;
    // Drop what was used once it is half the array, so a long script costs linear time in all.
    if (this.#head * 2 >= this.#runs.length) {
      this.#runs = this.#runs.slice(this.#head);
      this.#head = 0;
    }
  }

  /** How many queued steps are left. */
  get pending(): number {
    let left = 0;
    for (let index = this.#head; index < this.#runs.length; index++) left += this.#runs[index]!.left;
    return left;
  }

  clear(): void {
    this.#runs = [];
    this.#head = 0;
    this.#rules = [];
    this.#standing = undefined;
  }
}

/** What `fake.on(operation)` gives: the scripting methods of one operation. */
export interface OperationScript<Op extends FakeOperation> {
  /** Every request from now on (until reset) gets this, after any queued steps and rules. */
  always(step: FakeStep<Op>): OperationScript<Op>;
  /** The next request gets this, then the script goes on. */
  once(step: FakeStep<Op>): OperationScript<Op>;
  /** The next `times` requests get this. */
  times(times: number, step: FakeStep<Op>): OperationScript<Op>;
  /** The next requests get these, one each, in order. */
  sequence(steps: readonly FakeStep<Op>[]): OperationScript<Op>;
  /**
   * Every attempt whose input matches gets this (until reset): a partial input (`{ customer_id: "C1" }`,
   * each field equal) or a function of the input. After queued steps; the first matching rule wins.
   */
  when(match: FakeInputMatch<Op>, step: FakeStep<Op>): OperationScript<Op>;
  /**
   * Each attempt gets this with probability `fraction` (0 to 1), drawn from the fake's seeded
   * generator (`fake.seed`), so a run replays with `createFakePayWise({ seed })`. Each attempt
   * draws on its own, as on a flaky network: a retried call may meet the fault again.
   */
  rate(fraction: number, step: FakeStep<Op>): OperationScript<Op>;
  /** Back to the default: the documented success example. */
  reset(): OperationScript<Op>;
  /** How many queued steps are still to be used. */
  readonly pending: number;
}

/** Whether `input` has each field of `partial`, equal as JSON values (the input is parsed JSON). */
function matchesPartial(partial: Record<string, unknown>, input: unknown): boolean {
  if (input === null || typeof input !== "object") return false;
  return Object.entries(partial).every(([field, value]) => Object.hasOwn(input, field) && isDeepStrictEqual((input as Record<string, unknown>)[field], value));
}

/** The script of one operation, over its queue. */
export function operationScript<Op extends FakeOperation>(entry: FakeOperationEntry, queue: OperationQueue): OperationScript<Op> {
  const where = `fake PayWise, ${entry.key}`;
  const script: OperationScript<Op> = {
    always: (step) => (queue.always(readyStep(entry, step)), script),
    once: (step) => (queue.enqueue(readyStep(entry, step)), script),
    times: (times, step) => {
      if (!Number.isSafeInteger(times) || times < 1) throw new TypeError(`${where}: times must be a whole number of 1 or more, not ${JSON.stringify(times)}`);
      queue.enqueue(readyStep(entry, step), times);
      return script;
    },
    sequence: (steps) => {
      if (!Array.isArray(steps) || steps.length === 0) throw new TypeError(`${where}: sequence takes a non-empty array of steps`);
      // Every step is checked before any is queued, so a bad one leaves the script as it was; a
      // step object given many times is checked once.
      const checked = new Map<unknown, ReadyStep>();
      const ready = steps.map((step) => checked.get(step) ?? checked.set(step, readyStep(entry, step)).get(step)!);
      for (const step of ready) queue.enqueue(step);
      return script;
    },
    when: (match, step) => {
      const ready = readyStep(entry, step);
      if (typeof match === "function") queue.rule({ step: ready, applies: (input) => match(input as FakeInput<Op>) === true });
      else if (isObject(match)) {
        const partial = { ...match };
        queue.rule({ step: ready, applies: (input) => matchesPartial(partial, input) });
      } else throw new TypeError(`${where}: when takes a partial input ({ field: value }) or a function of the input, not ${JSON.stringify(match)}`);
      return script;
    },
    rate: (fraction, step) => {
      if (typeof fraction !== "number" || !(fraction >= 0 && fraction <= 1)) throw new TypeError(`${where}: rate takes a fraction from 0 to 1, not ${JSON.stringify(fraction)}`);
      const ready = readyStep(entry, step);
      queue.rule({ step: ready, applies: (_input, draw) => draw() < fraction });
      return script;
    },
    reset: () => (queue.clear(), script),
    get pending() {
      return queue.pending;
    },
  };
  return script;
}
