// The fake is in process: a call through it opens no socket, resolves no name and never touches
// the global fetch (issue 20: no child process, no port, no network).
import dns from "node:dns";
import net from "node:net";
import { afterEach, expect, it, vi } from "vitest";
import { createFakePayWise } from "../../../src/testing/index";
import { FAKE_ENTRIES, callOf, fakeClient } from "../../helpers/fake-calls";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const socketHandles = () => process.getActiveResourcesInfo().filter((kind) => /TCP|TLS|Pipe|UDP|GetAddrInfo/i.test(kind));

it("answers every operation without a socket, a DNS lookup or the global fetch", async () => {
  const connect = vi.spyOn(net.Socket.prototype, "connect");
  const lookup = vi.spyOn(dns, "lookup");
  const globalFetch = vi.fn(() => Promise.reject(new Error("the fake must not use the global fetch")));
  vi.stubGlobal("fetch", globalFetch);
  const before = socketHandles();
  const fake = createFakePayWise();
  const client = fakeClient({ fetch: fake.fetch, maxRetries: 0 });
  for (const entry of FAKE_ENTRIES) await callOf(client, entry);
  expect(fake.requests.map((request) => request.operation)).toEqual(FAKE_ENTRIES.map((entry) => entry.key));
  expect(connect).not.toHaveBeenCalled();
  expect(lookup).not.toHaveBeenCalled();
  expect(globalFetch).not.toHaveBeenCalled();
  expect(socketHandles()).toEqual(before);
});
