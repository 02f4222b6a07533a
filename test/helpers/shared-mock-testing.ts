// @paywise/sdk/testing as test/examples.test.ts's shared run hands it to the examples that start a
// mock, and to scripts/demo.ts: the real module, except that startMockServer() starts Prism once for
// the whole run, through the real startMockServer(), and hands each example that server. Each Prism start is a few CPU
// seconds of module loading, and four of them were most of that file's cost (issue 30, item 4).
// An example's close() is counted rather than obeyed, so the run can check that each example
// starts one mock and stops it; the run closes the one Prism at its end. Only for default options:
// an example asking for another mock (dynamic, a spec of its own) gets one of its own.
import { startMockServer as startPrism } from "../../src/testing/index.ts";
import type { MockServer, MockServerOptions } from "../../src/testing/index.ts";

export * from "../../src/testing/index.ts";

let shared: Promise<MockServer> | undefined;
const calls = { started: 0, closed: 0 };

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  calls.started += 1;
  const own = Object.keys(options).length > 0;
  const server = own ? await startPrism(options) : await (shared ??= startPrism());
  let closed = false;
  return {
    url: server.url,
    async close() {
      if (!closed) calls.closed += 1;
      closed = true;
      if (own) await server.close();
    },
  };
}

/** How many mocks the examples have started and closed so far. */
export const mockServerCalls = (): { started: number; closed: number } => ({ ...calls });

/** Stops the one Prism, once every example has run. */
export async function closeSharedMockServer(): Promise<void> {
  await (await shared)?.close();
}
