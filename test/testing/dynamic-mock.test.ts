// startMockServer({ dynamic: true }) agrees with the SDK (issue 14, item 4): Prism fills every
// answer at random, and each call either resolves or is a typed error for a status the contract
// documents for that operation. It used to fail 77 calls of 80: ids that are UUID-shaped but not
// RFC 4122 (formats in answers are no longer checked), and envelopes whose random `status` or
// `code` read as an error under a 200 (the dynamic mock's contract pins them to the status).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dynamicMockContract } from "../../scripts/lib/dynamic-mock.mjs";
import { withNamedEnvelope } from "../../scripts/lib/named-envelope.mjs";
import { DOCUMENTED_RESPONSES } from "../../generated/current";
import { APIError, type PayWise } from "../../src/index";
import { startMockServer } from "../../src/testing";
import { writeDynamicContract } from "../../src/testing/dynamic-contract";
import { inputs, testClient, type OperationName } from "../helpers/fixtures";
import { spec } from "../helpers/spec";

/**
 * The fewest calls per operation that still catch what this test guards against, each call costing
 * Prism about 11 ms of CPU (issue 30, item 4). Prism fills optional fields always, so a field the SDK
 * refuses shows in every answer; what varies is a value picked at random. The least likely of the
 * faults named above is an envelope `status` left unpinned: a 2xx then says "error" with
 * probability 1/2 at worst (an enum of two values), the format check failed ~92% of random ids.
 * A fault in one operation's answers goes unseen by n calls with probability (1 - 1/2)^n; n = 20
 * puts that below one in a million (9.5e-7). Not seeded: startMockServer() takes no seed for Prism.
 */
const WORST_FAULT_RATE = 1 / 2;
const MISS_PROBABILITY = 1e-6;
const CALLS_PER_OPERATION = Math.ceil(Math.log(MISS_PROBABILITY) / Math.log(1 - WORST_FAULT_RATE));
const OPERATIONS = Object.keys(inputs) as OperationName[];

function call(client: PayWise, name: OperationName) {
  switch (name) {
    case "createSession":
      return client.account.createSession(inputs.createSession).withResponse();
    case "getStatus":
      return client.account.getStatus(inputs.getStatus).withResponse();
    case "register":
      return client.account.register(inputs.register).withResponse();
    case "getBalance":
      return client.account.getBalance(inputs.getBalance).withResponse();
  }
}

/** Whether an error is a typed error for an error status the contract documents for the operation. */
function documentedError(name: OperationName, error: unknown): boolean {
  const statuses = Object.keys(DOCUMENTED_RESPONSES[`account.${name}`]).map(Number);
  return error instanceof APIError && error.status !== undefined && error.status >= 400 && statuses.includes(error.status);
}

describe("startMockServer({ dynamic: true })", () => {
  it(`answers ${CALLS_PER_OPERATION} calls of every operation with bodies the SDK accepts`, { timeout: 180_000 }, async () => {
    const server = await startMockServer({ dynamic: true });
    try {
      const client = testClient(server.url, { maxRetries: 0 });
      const failures: string[] = [];
      const requestIds = new Set<string>();
      for (const name of OPERATIONS) {
        for (let i = 0; i < CALLS_PER_OPERATION; i++) {
          try {
            const { meta } = await call(client, name);
            requestIds.add(String(meta.request_id));
          } catch (error) {
            if (!documentedError(name, error)) failures.push(`${name}: ${(error as Error).name}: ${(error as Error).message} ${JSON.stringify((error as { issues?: unknown }).issues ?? "")}`);
          }
        }
      }
      expect(failures).toEqual([]);
      // Random bodies, not the contract's examples: nearly every call has a request id of its own.
      expect(requestIds.size).toBeGreaterThan(OPERATIONS.length * CALLS_PER_OPERATION * 0.9);
    } finally {
      await server.close();
    }
  });
});

describe("the dynamic mock's contract", () => {
  // The contract as the generator reads it: an envelope written inline in every answer named.
  const read = withNamedEnvelope(spec) as typeof spec;
  const pinned = dynamicMockContract(read) as typeof spec;

  it("pins each documented answer's envelope status and code to its HTTP status, and changes nothing else of the operations", () => {
    let answers = 0;
    for (const [path, item] of Object.entries(pinned.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const schema = response.content?.["application/json"]?.schema as { properties: Record<string, { enum: unknown[] }>; required: string[] };
          expect(schema.properties["status"]!.enum).toEqual([status.startsWith("2") ? "success" : "error"]);
          expect(schema.properties["code"]!.enum).toEqual([Number(status)]);
          expect(schema.required).toEqual(expect.arrayContaining(["status", "code", "message", "request_id", "timestamp"]));
          answers++;
        }
        const { responses: _, ...rest } = operation;
        const { responses: __, ...original } = spec.paths[path]![method]!;
        expect(rest).toEqual(original);
      }
    }
    expect(answers).toBe(Object.values(DOCUMENTED_RESPONSES).reduce((sum, statuses) => sum + Object.keys(statuses).length, 0));
  });

  it("keeps only values the contract allows: its envelope status enum lists both pinned values", () => {
    type Node = { $ref?: string; enum?: unknown[]; properties?: Record<string, Node> };
    const resolved = (node: Node): Node => (node.$ref ? resolved(node.$ref.slice(2).split("/").reduce((at: any, key) => at[key], read)) : node);
    const envelope = resolved((read.components.schemas as Record<string, Node>)["Envelope"]!);
    const envelopeStatus = resolved(envelope.properties!["status"]!).enum;
    expect(envelopeStatus).toEqual(expect.arrayContaining(["success", "error"]));
  });

  it("is written to a private temporary file that remove() deletes", async () => {
    const written = await writeDynamicContract();
    expect(JSON.parse(readFileSync(written.path, "utf8"))).toEqual(pinned);
    await written.remove();
    await written.remove();
    expect(existsSync(written.path)).toBe(false);
  });
});
