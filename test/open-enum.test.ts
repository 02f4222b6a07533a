// Forward-compatible answers (docs/VERSIONING.md, "Enums" and "Formats"), through real sockets:
// the fault server writes each answer's bytes as they are, so nothing normalises them on the way.
// An enum value the contract does not list passes through unchanged and is logged once per client;
// a string format PayWise does not keep (a request id that is UUID-shaped but not RFC 4122) passes;
// a wrong type or a missing required field still fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidResponseError } from "../src/index";
import { captureLogger, inputs, successBody, testClient } from "./helpers/fixtures";
import { startFaultServer, type FaultServer } from "./helpers/fault-server";
import { operation, resolve, responseSchema, type Schema } from "./helpers/spec";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const STATUS_PATH = operation("getAccountStatus").path;
const SESSION_PATH = operation("createAccountSession").path;

type Described = Schema & { properties?: Record<string, Described>; enum?: string[] };

/** The values the contract lists for `account_status` in getStatus's answer. */
function documentedStatuses(): string[] {
  const success = resolve<Described>(responseSchema(operation("getAccountStatus"), 200));
  const own = success.allOf?.map((part) => resolve<Described>(part)).find((part) => part.properties?.["account_status"]);
  return resolve<Described>(own!.properties!["account_status"]!).enum!;
}
/** A value the contract does not list: not one of them, by construction. */
const UNLISTED = `not-${documentedStatuses().join("-")}`;
/** UUID-shaped, but neither its version nor its variant is RFC 4122's; Prism's dynamic mode makes such ids. */
const NON_RFC_UUID = "3e602bd5-7f48-6bc4-7d72-0a1b2c3d4e5f";

/** One complete HTTP/1.1 answer, byte for byte. */
function rawAnswer(body: unknown): { kind: "raw"; bytes: Buffer } {
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  const head = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`;
  return { kind: "raw", bytes: Buffer.concat([Buffer.from(head, "latin1"), payload]) };
}

const statusQuery = inputs.getStatus;

describe("an enum value the contract does not list, in an answer", () => {
  it("passes through unchanged", async () => {
    server.script(rawAnswer({ ...successBody(STATUS_PATH), account_status: UNLISTED }));
    const status = await testClient(server.url, { maxRetries: 0 }).account.getStatus(statusQuery);
    expect(status.account_status).toBe(UNLISTED);
    expect(documentedStatuses()).not.toContain(status.account_status);
  });

  it("passes through in a nested payload, and in the envelope's status", async () => {
    const body = successBody(SESSION_PATH) as { data: { account: Record<string, unknown> } };
    body.data.account["account_status"] = UNLISTED;
    server.script(rawAnswer({ ...body, status: "partial" }));
    const { data, meta } = await testClient(server.url, { maxRetries: 0 }).account.createSession(inputs.createSession).withResponse();
    expect(data.account.account_status).toBe(UNLISTED);
    expect(meta.status).toBe("partial");
  });

  it("is logged at debug once per value per client, naming the field and the listed values", async () => {
    const log = captureLogger();
    const client = testClient(server.url, { maxRetries: 0, logLevel: "debug", logger: log.logger });
    const other = `${UNLISTED}-2`;
    for (const value of [UNLISTED, UNLISTED, other, UNLISTED]) {
      server.script(rawAnswer({ ...successBody(STATUS_PATH), account_status: value }));
      await client.account.getStatus(statusQuery);
    }
    const notes = log.lines.filter((line) => line.message.includes("does not list"));
    expect(notes.map((line) => line.level)).toEqual(["debug", "debug"]);
    expect(notes[0]!.message).toContain(`account_status ${JSON.stringify(UNLISTED)}`);
    expect(notes[0]!.message).toContain(documentedStatuses().map((value) => JSON.stringify(value)).join(", "));
    expect(notes[1]!.message).toContain(JSON.stringify(other));

    // Another client notes it again: the memory is the client's.
    const second = captureLogger();
    server.script(rawAnswer({ ...successBody(STATUS_PATH), account_status: UNLISTED }));
    await testClient(server.url, { maxRetries: 0, logLevel: "debug", logger: second.logger }).account.getStatus(statusQuery);
    expect(second.lines.filter((line) => line.message.includes("does not list"))).toHaveLength(1);
  });

  it("is still refused when it has the wrong type", async () => {
    server.script(rawAnswer({ ...successBody(STATUS_PATH), account_status: 7 }));
    const error = await testClient(server.url, { maxRetries: 0 }).account.getStatus(statusQuery).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).issues).toEqual([{ path: "account_status", message: "expected string, got number" }]);
  });
});

describe("a string format in an answer", () => {
  it("is not checked: a request id that is not an RFC 4122 UUID, and a timestamp in another form, pass", async () => {
    const body = successBody(SESSION_PATH) as Record<string, unknown> & { data: Record<string, unknown> & { session: Record<string, unknown> } };
    const timestamp = "2026-03-01 18:42:11";
    server.script(rawAnswer({ ...body, request_id: NON_RFC_UUID, timestamp, data: { ...body.data, request_id: NON_RFC_UUID, session: { ...body.data.session, expires_at: timestamp } } }));
    const { data, meta } = await testClient(server.url, { maxRetries: 0 }).account.createSession(inputs.createSession).withResponse();
    expect(meta.request_id).toBe(NON_RFC_UUID);
    expect(meta.timestamp).toBe(timestamp);
    expect(data.request_id).toBe(NON_RFC_UUID);
    expect(data.session.expires_at).toBe(timestamp);
  });

  it("still fails when the field has the wrong type or is missing", async () => {
    const { request_id: _, ...withoutId } = successBody(STATUS_PATH);
    server.script(rawAnswer({ ...withoutId, timestamp: 1_700_000_000 }));
    const error = await testClient(server.url, { maxRetries: 0 }).account.getStatus(statusQuery).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).issues).toEqual([
      { path: "request_id", message: "is required (string)" },
      { path: "timestamp", message: "expected string, got number" },
    ]);
  });
});
