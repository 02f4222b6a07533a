// What the transport makes of answers an injected fetch gives it; the fault matrix covers the same
// through real sockets.
import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../src/index";
import { JSON_MEDIA } from "../src/constants";
import { envelope, unitClient, validStatusQuery } from "./helpers/fake-fetch";

/** An answer shaped like a Response, with a status the Response constructor would refuse. */
function oddStatus(status: number): Response {
  return { status, ok: false, statusText: "", headers: new Headers({ "content-type": "application/json" }), body: null, url: "" } as unknown as Response;
}

describe("an answer whose status is not an HTTP status", () => {
  it.each([0, 101, 600, 999, 99, 1000])("is an InvalidResponseError for status %i, never retried", async (status) => {
    const { client, requests } = unitClient(() => oddStatus(status), { maxRetries: 2 });
    const error: unknown = await client.account.getStatus(validStatusQuery).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).status).toBe(status);
    expect(requests).toHaveLength(1);
  });

  it("is an InvalidResponseError for Response.error(), whose status is 0", async () => {
    const { client, requests } = unitClient(() => Response.error(), { maxRetries: 2 });
    const error: unknown = await client.account.getBalance({ mobile_number: "18680001234" }).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(requests).toHaveLength(1);
  });
});

/**
 * An answer whose body comes in `chunks`, with `headers`; a read past the last chunk fails the
 * stream, so a transport that reads on after them gets a network error instead of the answer.
 */
function chunkedAnswer(chunks: readonly Uint8Array[], headers: Record<string, string>, { endsAfter }: { endsAfter: boolean }): Response {
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]!);
      else if (endsAfter) controller.close();
      else controller.error(new Error("read past the last chunk"));
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": JSON_MEDIA, ...headers } });
}

/** A status answer's bytes, split in two. */
function statusAnswerInTwo(): { whole: Uint8Array; first: Uint8Array; second: Uint8Array } {
  const whole = new TextEncoder().encode(JSON.stringify(envelope({ account_status: "available", session_token: "1YU9Z52HTV" })));
  const cut = Math.floor(whole.byteLength / 2);
  return { whole, first: whole.slice(0, cut), second: whole.slice(cut) };
}

describe("how much of an answer is read", () => {
  it("stops at the declared Content-Length: the body is whole there, and nothing after it is read", async () => {
    const { whole, first, second } = statusAnswerInTwo();
    const { client } = unitClient(() => chunkedAnswer([first, second], { "content-length": String(whole.byteLength) }, { endsAfter: false }), { maxRetries: 0 });
    const { data } = await client.account.getStatus(validStatusQuery).withResponse();
    expect(data.account_status).toBe("available");
  });

  it("reads to the end under a Content-Encoding, where the declared length is not the length read", async () => {
    const { first, second } = statusAnswerInTwo();
    // The first chunk alone has the declared length: stopping there would cut the JSON.
    const headers = { "content-length": String(first.byteLength), "content-encoding": "gzip" };
    const { client } = unitClient(() => chunkedAnswer([first, second], headers, { endsAfter: true }), { maxRetries: 0 });
    const { data } = await client.account.getStatus(validStatusQuery).withResponse();
    expect(data.account_status).toBe("available");
  });

  it("reads to the end when no length is declared", async () => {
    const { first, second } = statusAnswerInTwo();
    const { client } = unitClient(() => chunkedAnswer([first, second], {}, { endsAfter: true }), { maxRetries: 0 });
    const { data } = await client.account.getStatus(validStatusQuery).withResponse();
    expect(data.account_status).toBe("available");
  });
});
