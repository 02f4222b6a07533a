import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTRACT_VERSION, PayWise, SDK_VERSION } from "../src/index";
import { contractVersion, SPEC_FILE } from "./helpers/spec";

describe("versions", () => {
  it("reports the version package.json publishes", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });

  it("speaks the contract of the newest spec file", () => {
    expect(SPEC_FILE).toMatch(new RegExp(`pw-wrappers\\.${contractVersion}\\.yaml$`));
    expect(CONTRACT_VERSION).toBe(contractVersion);
    expect(PayWise.contractVersion).toBe(CONTRACT_VERSION);
  });
});
