// @ts-check
// A contract as every generator of scripts/generate.mjs reads it, and docs/api.md from it. Apart
// from generate.mjs so that the page is written by the same code without openapi-typescript and
// hey-api, whose types and schemas it does not read: the tests of a bump's page render it alone
// (test/scripts/api-reference.test.ts), about half a CPU second less a contract (issue 30, item 4).
import { parse as parseYaml } from "yaml";
// TypeScript modules of src/, shared with the runtime (the scripts run under tsx's loader).
import { REQUEST_OPTION_NAMES, SDK_FILLED_HEADERS, SDK_FILLED_QUERY } from "../../src/call-parameters.ts";
import { apiReference } from "./api-reference.mjs";
import { quoteForMessage } from "./code-text.mjs";
import { checkContract } from "./contract-check.mjs";
import { unsupportedStyle } from "./contract-style.mjs";
import { CONTRACT_FILE } from "./contracts.mjs";
import { withNamedEnvelope } from "./named-envelope.mjs";
import { applyOverlay } from "./overlay.mjs";
import { operationViews } from "./resources.mjs";
import { sdkOperations } from "./sdk-names.mjs";

/** What the SDK fills on every call and the options every call takes (src/call-parameters.ts). */
export const SDK_FILLED = { headers: SDK_FILLED_HEADERS, query: SDK_FILLED_QUERY, options: REQUEST_OPTION_NAMES };

/**
 * @typedef {object} ContractInput what generate.mjs's render() gives each contract
 * @property {string} specName the contract's file name in openapi/
 * @property {string} text the contract file's text
 * @property {string} overlayText the overlay's text
 * @property {string} overlayName where the overlay is, for its errors
 * @property {boolean} strict whether every overlay action must match
 */

/**
 * The contract checked, its envelope named (`spec`), and with the overlay applied (`withOverlay`),
 * or a clear error about what stops it. `note` hears what applyOverlay notes.
 * @param {ContractInput} input
 * @param {(line: string) => void} note
 */
export async function sdkContract({ specName, text, overlayText, overlayName, strict }, note) {
  const written = parseYaml(text);
  const fileVersion = /** @type {RegExpExecArray} */ (CONTRACT_FILE.exec(specName))[1]; // render() lists only these
  if (written.info?.version !== fileVersion) {
    throw new Error(`${specName}: info.version is ${quoteForMessage(written.info?.version)}, the file name says ${fileVersion}`);
  }
  // Before any generator reads it: a name that generated code could not carry stops here.
  checkContract(written, `openapi/${specName}`);
  const unsupported = unsupportedStyle(written);
  if (unsupported) throw new Error(`openapi/${specName}: the SDK cannot be generated from this contract yet: ${unsupported}`);
  // An envelope written inline in every answer is named here, so every generator reads one contract.
  const spec = withNamedEnvelope(written);
  // The overlay first: an action that no longer fits (the usual failure of a bump) stops the run
  // before openapi-typescript and hey-api spend their half second on the contract.
  const withOverlay = await applyOverlay(spec, parseYaml(overlayText), { specName: `openapi/${specName}`, overlayName, strict, note });
  // So does a tag or operationId that names no SDK method (resourceModules names them again).
  sdkOperations(withOverlay);
  return { spec, withOverlay };
}

/**
 * docs/api.md of the newest contract, the overlay applied (sdkContract's `withOverlay`).
 * @param {any} withOverlay
 * @param {string} specName its file name in openapi/
 */
export const apiReferenceOf = (withOverlay, specName) => apiReference(operationViews(withOverlay, SDK_FILLED), withOverlay, specName);

/**
 * docs/api.md of the newest contract from what render() gives it: the page `npm run generate`
 * writes, by the same code (generateContract calls sdkContract and apiReferenceOf too).
 * @param {ContractInput} input
 * @param {(line: string) => void} note
 */
export async function apiReferencePage(input, note) {
  return apiReferenceOf((await sdkContract(input, note)).withOverlay, input.specName);
}
