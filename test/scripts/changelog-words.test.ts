// The CHANGELOG draft's lines in the SDK user's words (issue 16, item 3), finding by finding. The
// findings are spec-changes.mjs's; the method's names are the generator's.
import { describe, expect, it } from "vitest";
import { changelogLine, retryPolicyWords, type MethodWords } from "../../scripts/lib/changelog-words.mjs";

const balance: MethodWords = {
  name: "account.getBalance",
  types: { params: "GetBalanceParams", options: "GetBalanceOptions", result: "AccountBalance" },
  retry: "idempotent",
  retrySource: "overlay",
  httpMethod: "post",
  path: "/account/balance",
  hasOptions: false,
};
const line = (level: string, text: string, extra: object = {}) => changelogLine({ level, text, ...extra }, balance);

describe("CHANGELOG lines", () => {
  it("names a response field by the result type and the path the user reads", () => {
    expect(line("additive", "response 200 field data.tier added")).toBe("- `paywise.account.getBalance`: `AccountBalance` has a new field `tier`.");
    expect(line("breaking", "response 200 field data.account.display_name removed")).toBe(
      "- `paywise.account.getBalance`: `account.display_name` is no longer in `AccountBalance`. To do: stop reading `account.display_name` from what `paywise.account.getBalance` resolves to.",
    );
  });

  it("names an input field by the Params type, a header by its call option, and says what to do when it breaks", () => {
    expect(line("breaking", "request body field email newly required")).toBe(
      "- `paywise.account.getBalance`: `email` is now required in `GetBalanceParams`. To do: pass `email` in every call of `paywise.account.getBalance`.",
    );
    expect(line("breaking", "query parameter from added, required")).toBe(
      "- `paywise.account.getBalance`: `GetBalanceParams` has a new required field `from`. To do: pass `from` in every call of `paywise.account.getBalance`.",
    );
    expect(line("additive", "header parameter PW-trace-code added")).toBe("- `paywise.account.getBalance`: `GetBalanceOptions` takes a new optional `traceCode`.");
  });

  it("names the values an enum gains or loses", () => {
    expect(line("breaking", 'response 200 field data.tier enum gains "gold", "silver"')).toBe(
      '- `paywise.account.getBalance`: `tier` in `AccountBalance` may now be "gold", "silver". To do: handle "gold", "silver" wherever your code switches on `tier`.',
    );
    expect(line("additive", 'response 200 field data.tier enum gains "x, y"', { values: { added: ["x, y"] } })).toBe('- `paywise.account.getBalance`: `tier` in `AccountBalance` may now be "x, y".');
    expect(line("breaking", 'request body field kind enum loses "old"')).toBe('- `paywise.account.getBalance`: `kind` in `GetBalanceParams` no longer accepts "old". To do: stop sending "old".');
  });

  it("gives a new method its endpoint, types and retry policy, and a removed one what to remove", () => {
    expect(line("additive", "new method")).toBe(
      "- `paywise.account.getBalance`: new method, `POST /account/balance`: takes `GetBalanceParams`, resolves to `AccountBalance`; retried on any retryable failure (idempotent), as x-pw-retry in the overlay says.",
    );
    expect(retryPolicyWords({ ...balance, retry: "unsent-only", retrySource: "default" })).toBe(
      "retried only when the request provably never reached PayWise (unsent-only), the default for a POST: accept it, or set x-pw-retry in openapi/pw-wrappers.overlay.yaml",
    );
    expect(line("breaking", "method removed")).toBe("- `paywise.account.getBalance`: removed, with `GetBalanceParams` and `AccountBalance`. To do: remove the calls of `paywise.account.getBalance`.");
  });

  it("words descriptions and examples, and keeps a finding it cannot read as it is", () => {
    expect(line("cosmetic", "description changed")).toBe("- `paywise.account.getBalance`: its description changed (shown on hover).");
    expect(line("additive", 'response 200 example "success" changed')).toBe(
      '- `paywise.account.getBalance`: the contract\'s example "success" of the 200 answer changed (the mock serves it; tests that assert on example values see the change).',
    );
    expect(line("breaking", "security changed somehow")).toBe("- `paywise.account.getBalance`: security changed somehow. To do: check the code that uses it.");
  });
});
