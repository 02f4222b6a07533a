// Calls of every operation of the contract through a client, for the fake PayWise's tests: the
// operations come from the generated table the fake serves (not a list), each input from the
// contract's documented request, with every secret field set to a distinctive token that a test
// can search recordings, messages and snapshots for.
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import { PayWise, type ClientOptions } from "../../src/index";
import { sensitiveKind } from "../../src/redact";
import { FAKE_ENTRIES, type FakeOperationEntry } from "../../src/testing/fake/operations";
import { SECRET_KEY, IP_ADDRESS, ORIGIN_COUNTRY } from "./fixtures";
import { documentedInput, operations } from "./spec";

export { SECRET_KEY };
/** What each secret input field is set to: findable, and unlike anything else in a message. */
export const secretToken = (field: string) => `tok${field.replace(/[^a-z]/gi, "")}Zq81x`;

/** The documented input of an operation, its secret fields set to secretToken(field). */
export function inputOf(entry: FakeOperationEntry): Record<string, unknown> {
  const op = operations().find((candidate) => candidate.method === entry.descriptor.method.toUpperCase() && candidate.path === entry.descriptor.path);
  if (!op) throw new Error(`the contract has no ${entry.descriptor.method} ${entry.descriptor.path}`);
  const input = { ...documentedInput(op, SDK_FILLED_QUERY) };
  for (const field of Object.keys(input)) if (sensitiveKind(field) === "secret") input[field] = secretToken(field);
  return input;
}

/** Every secret a call of `entry` sends: the key and its secret input fields. */
export function secretsOf(entry: FakeOperationEntry): string[] {
  return [SECRET_KEY, ...Object.keys(inputOf(entry)).filter((field) => sensitiveKind(field) === "secret").map(secretToken)];
}

/** A client with the test credentials; `options` (a fake's fetch, say) override them. */
export function fakeClient(options: ClientOptions = {}): PayWise {
  return new PayWise({ subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl: "https://paywise.test/api", ...options });
}

type Method = (input: unknown, options?: object) => Promise<unknown> & { withResponse(): Promise<{ data: unknown; meta: unknown; response: Response }> };

/** The SDK method of an operation, found by its descriptor's resource and name. */
export function methodOf(client: PayWise, entry: FakeOperationEntry): Method {
  const resource = (client as unknown as Record<string, Record<string, Method>>)[entry.descriptor.resource];
  const method = resource?.[entry.descriptor.name];
  if (typeof method !== "function") throw new Error(`the client has no ${entry.key}`);
  return method.bind(resource) as Method;
}

/** Calls an operation with its documented input. */
export function callOf(client: PayWise, entry: FakeOperationEntry, options?: object) {
  return methodOf(client, entry)(inputOf(entry), options);
}

export { FAKE_ENTRIES };

/** The request the SDK sends for an operation's documented input, captured on its way to `fetch`. */
export async function sdkRequestOf(entry: FakeOperationEntry, fetch: typeof globalThis.fetch): Promise<{ url: string; init: RequestInit & { headers: Record<string, string> } }> {
  let captured: { url: string; init: RequestInit & { headers: Record<string, string> } } | undefined;
  const client = fakeClient({
    fetch: (async (url: string, init: RequestInit) => {
      captured = { url: String(url), init: { method: init.method, body: init.body, headers: { ...(init.headers as Record<string, string>) } } };
      return fetch(url, init);
    }) as typeof globalThis.fetch,
  });
  await callOf(client, entry);
  if (!captured) throw new Error(`${entry.key} sent nothing`);
  return captured;
}
