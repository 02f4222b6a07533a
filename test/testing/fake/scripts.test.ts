// Scripted answers against every operation of the contract (from the generated table): each
// documented status and example by name, payloads of the result type (an unlisted enum value
// included), documented bodies, once / times / sequence / always, and the errors for a step the
// contract does not document.
import { describe, expect, it } from "vitest";
import { APIError } from "../../../src/index";
import { splitEnvelope } from "../../../src/envelope";
import { checkResponse } from "../../../src/validation";
import { createFakePayWise } from "../../../src/testing/index";
import { FAKE_ENTRIES, callOf, fakeClient, sdkRequestOf } from "../../helpers/fake-calls";
import { ENVELOPE_META } from "../../helpers/fixtures";

type Entry = (typeof FAKE_ENTRIES)[number];

/** The arguments the SDK gives fetch for an operation's documented input. */
async function requestOf(entry: Entry): Promise<[string, RequestInit]> {
  const { url, init } = await sdkRequestOf(entry, createFakePayWise().fetch);
  return [url, init];
}
const documented = (entry: Entry) =>
  Object.entries(entry.answers).flatMap(([status, answer]) => {
    const names = Object.keys(answer.examples);
    return (names.length ? names : [undefined]).map((example) => ({ status: Number(status), example, body: example === undefined ? answer.sample : answer.examples[example] }));
  });
const successOf = (entry: Entry) => documented(entry).find(({ status }) => status >= 200 && status < 300)!;

const successBody = (entry: Entry) => structuredClone(successOf(entry).body) as Record<string, unknown>;
const fits = (entry: Entry, body: unknown) => checkResponse(entry.answers[successOf(entry).status]!.schema, body);

/** The success body with the string at `path` set to `value`. */
function withString(body: Record<string, unknown>, path: string[], value: string): Record<string, unknown> {
  const changed = structuredClone(body);
  let node = changed;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return changed;
}

/** Paths of the payload's string fields, within the success body (the envelope's own fields left out). */
function payloadStrings(body: Record<string, unknown>): string[][] {
  const found: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === "string") found.push(path);
    else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  for (const [key, value] of Object.entries(body)) if (!ENVELOPE_META.includes(key)) walk(value, [key]);
  return found;
}

/** The success body with one payload string changed to another value that still fits the contract. */
function changedSuccess(entry: Entry): Record<string, unknown> {
  const body = successBody(entry);
  for (const path of payloadStrings(body)) {
    const original = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], body) as string;
    // Another value that keeps a pattern's character classes: the same characters, reversed.
    for (const value of ["scripted-value", [...original].reverse().join("")].filter((candidate) => candidate !== original)) {
      const changed = withString(body, path, value);
      const check = fits(entry, changed);
      if (check.issues.length === 0 && check.notes.length === 0) return changed;
    }
  }
  throw new Error(`${entry.key}: no payload string of its success example can change and still fit`);
}

/** Paths of the payload strings the generated schema reads as an open enum (an unlisted value is a note, not an issue). */
function openEnumFields(entry: Entry): string[][] {
  return payloadStrings(successBody(entry)).filter((path) => {
    const check = fits(entry, withString(successBody(entry), path, "suspended"));
    return check.issues.length === 0 && check.notes.length > 0;
  });
}

describe.each(FAKE_ENTRIES.map((entry) => [entry.key, entry] as const))("%s", (key, entry) => {
  const client = (fake: ReturnType<typeof createFakePayWise>) => fakeClient({ fetch: fake.fetch, maxRetries: 0 });

  it.each(documented(entry).map((answer) => [`${answer.status}${answer.example ? ` (${answer.example})` : ""}`, answer] as const))(
    "answers the documented %s by name",
    async (_name, { status, example, body }) => {
      const fake = createFakePayWise();
      fake.on(key).always({ status, ...(example ? { example } : {}) } as never);
      const result = await callOf(client(fake), entry).withResponse().catch((error: unknown) => error);
      if (status < 300) {
        expect((result as { data: unknown }).data).toEqual(splitEnvelope(body as never, entry.descriptor.payloadIn).data);
      } else {
        expect(result).toBeInstanceOf(APIError);
        expect(result).toMatchObject({ status, requestId: (body as { request_id: string }).request_id });
        expect((result as Error).message).toContain((body as { message: string }).message);
      }
    },
  );

  it("answers a scripted payload of the result type, with the envelope filled in", async () => {
    const fake = createFakePayWise();
    const payload = splitEnvelope(changedSuccess(entry) as never, entry.descriptor.payloadIn).data;
    expect(payload).not.toEqual(splitEnvelope(successBody(entry) as never, entry.descriptor.payloadIn).data);
    fake.on(key).once({ payload } as never);
    const { data, meta } = await callOf(client(fake), entry).withResponse();
    expect(data).toEqual(payload);
    expect(meta).toMatchObject({ status: "success", request_id: successBody(entry).request_id });
  });

  const enumFields = openEnumFields(entry);
  it.skipIf(enumFields.length === 0)("takes a value its open enums do not list, as PayWise may send one", async () => {
    const fake = createFakePayWise();
    const body = enumFields.reduce((changed, path) => withString(changed, path, "suspended"), successBody(entry));
    const payload = splitEnvelope(body as never, entry.descriptor.payloadIn).data;
    fake.on(key).once({ payload } as never);
    expect(await callOf(client(fake), entry)).toEqual(payload);
  });

  it("refuses a payload that does not fit the result type, pointing at the malformedSuccess fault", () => {
    const fake = createFakePayWise();
    expect(() => fake.on(key).once({ payload: { not_a_field: true } } as never)).toThrow(new RegExp(`does not fit the contract's ${successOf(entry).status} answer .*"malformedSuccess"`));
  });

  it("answers a scripted body of a documented status, checked against its schema", async () => {
    const fake = createFakePayWise();
    const success = successOf(entry);
    const body = { ...(structuredClone(success.body) as Record<string, unknown>), message: "scripted message" };
    fake.on(key).once({ status: success.status, body } as never);
    const { meta } = await callOf(client(fake), entry).withResponse();
    expect(meta).toMatchObject({ message: "scripted message" });
    expect(() => fake.on(key).once({ status: success.status, body: { status: 1 } } as never)).toThrow(/does not fit/);
  });

  it("plays once, times and sequence in order, then the standing answer", async () => {
    const fake = createFakePayWise();
    // An operation that documents no error status fails by a success that does not fit (never retried).
    const documentedFailure = documented(entry).find(({ status }) => status >= 400);
    const failure = documentedFailure
      ? { step: { status: documentedFailure.status }, status: documentedFailure.status }
      : { step: { fault: "malformedSuccess" }, status: successOf(entry).status };
    fake.on(key).always(failure.step as never);
    fake.on(key).times(2, { status: successOf(entry).status } as never).once(failure.step as never).sequence([{ status: successOf(entry).status } as never]);
    expect(fake.on(key).pending).toBe(4);
    const outcomes: unknown[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await callOf(client(fake), entry).then(() => "ok", (error: APIError) => error.status));
    expect(outcomes).toEqual(["ok", "ok", failure.status, "ok", failure.status, failure.status]);
    fake.on(key).reset();
    expect(await callOf(client(fake), entry).then(() => "ok")).toBe("ok");
  });

  it("refuses a status the operation does not document, listing those it does", () => {
    const fake = createFakePayWise();
    const statuses = Object.keys(entry.answers).join(", ");
    expect(() => fake.on(key).once({ status: 418 } as never)).toThrow(`the contract documents no status 418 for ${key}; it documents ${statuses}`);
    expect(() => fake.on(key).once({ status: successOf(entry).status, example: "no-such-example" } as never)).toThrow(/documents no example "no-such-example"/);
    expect(() => fake.on(key).times(0, { status: successOf(entry).status } as never)).toThrow(/times must be a whole number of 1 or more/);
    // A prototype member's name is no status either (issue 28).
    for (const status of ["__proto__", "constructor", "toString"]) {
      expect(() => fake.on(key).once({ status } as never)).toThrow(`the contract documents no status ${JSON.stringify(status)} for ${key}; it documents ${statuses}`);
    }
  });
});

// Issue 28: times(200000) and a sequence of a million steps overflowed the stack (spread into
// push), and a malformedSuccess 100,000 levels deep did too (JSON.stringify recurses). Once, on the
// first operation: every operation's script is the same queue (src/testing/fake/scripts.ts) and
// the body is written as given, so another operation adds half a CPU second and nothing else.
it("takes scripts of any legal size, and a malformedSuccess body of any depth", async () => {
  const entry = FAKE_ENTRIES[0]!;
  const key = entry.key;
  const client = (fake: ReturnType<typeof createFakePayWise>) => fakeClient({ fetch: fake.fetch, maxRetries: 0 });
  const fake = createFakePayWise();
  const success = { status: successOf(entry).status } as never;
  fake.on(key).times(200_000, success).sequence(Array.from({ length: 1_000_000 }, () => success));
  expect(fake.on(key).pending).toBe(1_200_000);
  await callOf(client(fake), entry);
  expect(fake.on(key).pending).toBe(1_199_999);
  fake.on(key).reset();
  let deep: unknown = 0;
  for (let level = 0; level < 100_000; level++) deep = [deep];
  fake.on(key).once({ fault: "malformedSuccess", body: { data: deep } });
  const response = await fake.fetch(...(await requestOf(entry)));
  expect(await response.text()).toBe(`{"data":${"[".repeat(100_000)}0${"]".repeat(100_000)}}`);
});

it("refuses an operation the contract does not have, listing those it has", () => {
  const fake = createFakePayWise();
  expect(() => fake.on("account.teleport" as never)).toThrow(`the contract's operations are ${FAKE_ENTRIES.map((entry) => entry.key).join(", ")}`);
});
