import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { specPath, startMockServer } from "../../src/testing";
import { SPEC_FILE } from "../helpers/spec";

describe("specPath", () => {
  it("finds the contract in the repository from src/testing", () => {
    expect(specPath()).toBe(SPEC_FILE);
  });
});

// Each of these starts Prism, which can take seconds on a busy machine.
describe("startMockServer", { timeout: 30_000 }, () => {
  it("serves the contract until closed, and closing twice is harmless", async () => {
    const server = await startMockServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const answer = await fetch(`${server.url}/account/balance`, { method: "POST" });
    // A request without the PayWise headers gets the spec's 400 example: proof that it is Prism
    // serving this spec, not just something listening.
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ status: "error", code: 400 });

    await Promise.all([server.close(), server.close()]);
    await server.close();
    await expect(fetch(`${server.url}/account/balance`, { method: "POST" })).rejects.toThrow();
  });

  it("fails with Prism's own reason when the given port is taken", async () => {
    // Any listener takes the port; a second Prism for it would only cost a start.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      await expect(startMockServer({ port })).rejects.toThrow(/exited \(code 1\) before it was listening[\s\S]*EADDRINUSE/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("fails with Prism's stderr when the spec cannot be read", async () => {
    await expect(startMockServer({ specPath: "does-not-exist.yaml" })).rejects.toThrow(
      /exited \(code 1\) before it was listening[\s\S]*no such file or directory/,
    );
  });

  it("rejects an unknown option by name", async () => {
    await expect(startMockServer({ prot: 4010 } as never)).rejects.toThrow(/unknown option "prot"/);
  });

  it("rejects a port that is not one", async () => {
    await expect(startMockServer({ port: 70_000 })).rejects.toThrow(/option "port" must be an integer/);
  });
});
