import { describe, expect, it } from "vitest";
import { APIPromise } from "../src/index";
import { balanceAnswer, envelope, json, unitClient, validStatusQuery } from "./helpers/fake-fetch";

describe("APIPromise", () => {
  it("resolves to the payload when awaited", async () => {
    const { client } = unitClient(() => balanceAnswer());
    const promise = client.account.getBalance({ mobile_number: "18680001234" });
    expect(promise).toBeInstanceOf(APIPromise);
    expect(promise).toBeInstanceOf(Promise);
    await expect(promise).resolves.toEqual({ mobile_number: "18680001234", balance: 12.5, currency: "TTD" });
  });

  it("gives the payload, the envelope's meta fields and the response from withResponse()", async () => {
    const observed = { request_ip: "172.18.0.6", socket_remote_address: "172.18.0.6" };
    const { client } = unitClient(() =>
      json(envelope({ account_status: "available", session_token: "1YU9Z52HTV", observed_client_ip: observed }), 200, { "x-edge": "yes" }),
      { diagnostics: true },
    );
    const { data, meta, response } = await client.account.getStatus(validStatusQuery).withResponse();
    expect(data).toEqual({ account_status: "available", session_token: "1YU9Z52HTV" });
    expect(meta).toEqual({
      status: "success",
      code: 200,
      message: "OK",
      request_id: "4ae4daab-7728-4132-a727-795a6eb19ef5",
      timestamp: "2026-02-12T15:15:09.893Z",
      observed_client_ip: observed,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-edge")).toBe("yes");
  });

  it("gives withResponse() the Response that fetch resolved with, its url included", async () => {
    let given: Response | undefined;
    const { client } = unitClient(() => {
      given = balanceAnswer();
      Object.defineProperty(given, "url", { value: "https://edge.example/after-redirect" });
      return given;
    });
    const { response } = await client.account.getBalance({ mobile_number: "18680001234" }).withResponse();
    expect(response).toBe(given);
    expect(response.url).toBe("https://edge.example/after-redirect");
  });

  it("sends one request whether awaited, chained or asked for its response", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const promise = client.account.getBalance({ mobile_number: "18680001234" });
    await promise;
    await promise.then((balance) => balance.currency);
    await promise.withResponse();
    expect(requests).toHaveLength(1);
  });

  it("rejects through catch and finally like a promise", async () => {
    const { client } = unitClient(() => json(envelope({ status: "error", code: 409 }), 409));
    let settled = false;
    const caught = await client.account
      .getBalance({ mobile_number: "18680001234" })
      .finally(() => {
        settled = true;
      })
      .catch((error: Error) => error.name);
    expect(caught).toBe("ConflictError");
    expect(settled).toBe(true);
  });
});
