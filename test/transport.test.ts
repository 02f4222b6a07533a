// What the transport makes of answers an injected fetch gives it; the fault matrix covers the same
// through real sockets.
import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../src/index";
import { unitClient, validStatusQuery } from "./helpers/fake-fetch";

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
