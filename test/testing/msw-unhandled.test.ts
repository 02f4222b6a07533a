// Issue 28: with MSW's own "error" strategy, a request no handler matches is printed with its
// body, so a register call's session and authorisation tokens reach the test's output. The kit's
// onUnhandledRequest prints the method and path only, and fails the request as "error" does.
import { setupServer } from "msw/node";
import { afterEach, expect, it, vi } from "vitest";
import { APIConnectionError } from "../../src/index";
import { onUnhandledRequest } from "../../src/testing/msw";
import { FAKE_ENTRIES, callOf, fakeClient, secretsOf } from "../helpers/fake-calls";

const BASE_URL = "http://127.0.0.1:9/no-handler";
const withSecrets = FAKE_ENTRIES.find((entry) => entry.descriptor.inputIn === "body" && secretsOf(entry).length > 1)!;

afterEach(() => vi.restoreAllMocks());

async function unhandledCall(strategy: "error" | typeof onUnhandledRequest): Promise<{ printed: string; error: unknown }> {
  const server = setupServer();
  server.listen({ onUnhandledRequest: strategy });
  const lines: unknown[][] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args));
  try {
    const error = await callOf(fakeClient({ baseUrl: BASE_URL, maxRetries: 0 }), withSecrets).catch((caught: unknown) => caught);
    return { printed: lines.map((args) => args.map(String).join(" ")).join("\n"), error };
  } finally {
    server.close();
  }
}

it("prints the method and path of an unhandled request, never its body's tokens, and fails it", async () => {
  const { printed, error } = await unhandledCall(onUnhandledRequest);
  expect(printed).toContain(`${withSecrets.descriptor.method.toUpperCase()} /no-handler${withSecrets.descriptor.path}`);
  for (const secret of secretsOf(withSecrets)) expect(printed).not.toContain(secret);
  expect(error).toBeInstanceOf(APIConnectionError);
});

it("is needed: MSW's own error strategy prints the body's tokens", async () => {
  const { printed } = await unhandledCall("error");
  expect(secretsOf(withSecrets).some((secret) => printed.includes(secret))).toBe(true);
});
