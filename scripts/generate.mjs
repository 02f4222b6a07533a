#!/usr/bin/env node
// Regenerates generated/ from every openapi/pw-wrappers.<version>.yaml:
//   generated/<spec name>/types.ts  openapi-typescript types (what openapi-fetch is typed with)
//   generated/<spec name>/zod.ts    zod/mini schemas from @hey-api/openapi-ts (runtime validation)
//   generated/<spec name>/sensitive.ts  every field and header the overlay marks `x-pw-sensitive`
//   generated/<spec name>/operations.ts what src/core.ts needs to run each operation
//   generated/<spec name>/resources.ts  the resource classes (paywise.account, …) and their types
//   generated/<spec name>/responses.ts  the documented statuses and example names per operation
//   generated/<spec name>/dynamic-mock.ts the contract as startMockServer({ dynamic: true }) serves it
//   generated/<spec name>/static-mock.ts  the contract as startMockServer() serves it, when an answer lacks an example
//   generated/<spec name>/fake-answers.ts what createFakePayWise() answers: statuses, schemas, examples
//   generated/<spec name>/cli.ts    the `paywise` commands and their flags (scripts/lib/cli-commands.mjs)
//   generated/<spec name>/overlay.yaml  the overlay the contract was generated with: for the newest,
//                                   openapi/pw-wrappers.overlay.yaml; an older one keeps its own
//   generated/current.ts            re-exports the newest contract, so src/ never names a version
//   generated/public.ts             the newest contract's resource types, for src/index.ts
//   generated/dynamic-mock.ts       re-exports the newest contract's dynamic-mock.ts, for src/testing
//   generated/fake-answers.ts       re-exports the newest contract's fake-answers.ts, for src/testing
//   generated/cli.ts                re-exports the newest contract's cli.ts, for src/cli
//
// The contract files stay as PayWise publishes them. What the SDK adds (sensitive marks, retry
// policy, method and type names) lives in openapi/pw-wrappers.overlay.yaml, applied here to each
// contract before the sensitive fields and the resource layer are read from it; the types and zod
// schemas come from the contract itself (the overlay may only add x-pw-* extensions), with its
// answers opened by scripts/lib/open-answers.mjs: open enums, formats unchecked (VERSIONING.md).
//
// `--check` renders in memory and fails when generated/ differs, so CI catches a hand edit or a
// spec change that was not regenerated.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient } from "@hey-api/openapi-ts";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { API_REFERENCE_FILE, apiReference } from "./lib/api-reference.mjs";
import { dynamicMockModule } from "./lib/dynamic-mock.mjs";
import { staticMockContract, staticMockModule } from "./lib/static-mock.mjs";
import { fakeAnswersModule } from "./lib/fake-answers.mjs";
import { responsesModule } from "./lib/mock-answers.mjs";
import { assertPlainText, literal, quoteForMessage } from "./lib/code-text.mjs";
import { extendsMarked, withCompactChecks } from "./lib/compact-checks.mjs";
import { writeGenerated } from "./lib/generated-dir.mjs";
import { cliModule } from "./lib/cli-commands.mjs";
import { checkContract, forCodeGenerators } from "./lib/contract-check.mjs";
import { unsupportedStyle } from "./lib/contract-style.mjs";
import { withNamedEnvelope } from "./lib/named-envelope.mjs";
import { lazySchemas } from "./lib/lazy-schemas.mjs";
import { holdsOpenEnum, OPEN_ENUM_TYPE_IMPORT, openAnswerResolvers, openAnswers, openEnumType } from "./lib/open-answers.mjs";
import { applyOverlay } from "./lib/overlay.mjs";
import { resourceModules } from "./lib/resources.mjs";
import { sdkOperations } from "./lib/sdk-names.mjs";
import { sensitiveFields } from "./lib/sensitive.mjs";
import { zodLiterals } from "./lib/zod-literals.mjs";
import { zodNames } from "./lib/zod-names.mjs";
// A TypeScript module of src/, shared with the runtime: the scripts run under tsx's loader
// (`node --import tsx`, as package.json's scripts do), which is what lets them import it.
import { REQUEST_OPTION_NAMES, SDK_FILLED_HEADERS, SDK_FILLED_QUERY } from "../src/call-parameters.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SPEC_FILE = /^pw-wrappers\.(\d{4}-\d{2}-\d{2})\.yaml$/;
/** Undated on purpose: the same overlay carries over to the next contract. */
const OVERLAY_FILE = "pw-wrappers.overlay.yaml";
/** generated/<spec name>/overlay.yaml: the overlay that contract's code was generated with. */
const PINNED_OVERLAY = "overlay.yaml";

/** The overlay's text as pinned beside a contract's code, with a line that says what it is. */
const pinnedOverlay = (specName, text) =>
  `# DO NOT EDIT. The overlay openapi/${specName} was last generated with as the newest contract, kept so that\n` +
  `# its code stays as built when the overlay changes for a newer one (docs/VERSIONING.md). Written by scripts/generate.mjs.\n${text}`;

const header = (specName) =>
  [
    "// DO NOT EDIT. Generated by scripts/generate.mjs from openapi/" + specName + ".",
    "// Change the spec and run `npm run generate` instead.",
    "/* eslint-disable */",
    "",
  ].join("\n");

async function listSpecs(specDir) {
  const names = (await readdir(specDir)).filter((name) => SPEC_FILE.test(name)).sort();
  if (names.length === 0) throw new Error(`no openapi/pw-wrappers.<version>.yaml in ${specDir}`);
  return names;
}

/**
 * The types' one-line doc comments (`/** … *\/`) made block comments, in the syntax tree
 * openapi-typescript returns, before it is printed. The declaration bundler prints a one-line
 * comment at the end of the previous field's line, where TypeScript no longer attaches it to the
 * field below: the hover over `email` in the published types showed nothing (issue 16, item 6). A
 * block comment stays above its field. scripts/check-package.mjs compares the hovers with src/.
 */
function multiLineDocComments(/** @type {ts.Node[]} */ nodes) {
  const oneLine = /^\* (.*) $/s;
  const visit = (/** @type {ts.Node} */ node) => {
    const comments = ts.getSyntheticLeadingComments(node);
    if (comments?.some((comment) => oneLine.test(comment.text) && !comment.text.includes("\n"))) {
      ts.setSyntheticLeadingComments(node, comments.map((comment) => (comment.text.includes("\n") ? comment : { ...comment, text: comment.text.replace(oneLine, "*\n * $1\n ") })));
    }
    ts.forEachChild(node, visit);
  };
  nodes.forEach(visit);
  return nodes;
}

/**
 * The contract's string values in the syntax tree openapi-typescript returns, made again by
 * code-text's `literal` before the tree is printed. openapi-typescript writes a value as an
 * identifier holding its JSON text (its tsLiteral), which the printer copies as it is: an enum
 * value with a bidi override or a line separator would reach the file raw. `literal` writes the
 * same value with such characters as `\uXXXX` escapes. A node that needs none is left as it is.
 */
function literalsEscaped(/** @type {ts.Node[]} */ nodes) {
  /** @type {ts.TransformerFactory<ts.Node>} */
  const escape = (context) => {
    /** @type {(node: ts.Node) => ts.Node} */
    const visit = (node) => {
      if (!ts.isIdentifier(node) || !node.text.startsWith('"')) return ts.visitEachChild(node, visit, context);
      const text = literal(JSON.parse(node.text));
      return text === node.text ? node : ts.factory.createIdentifier(text);
    };
    return visit;
  };
  return ts.transform(nodes, [escape]).transformed;
}

/**
 * openapi-typescript's types of the contract as openAnswers(spec) marks it: an enum an answer
 * reaches becomes its documented values or Unrecognized<string> (or <number>). It reads the
 * contract with its prose escaped (forCodeGenerators), defaults included: it shows them in comments.
 */
async function typesFor(answersOpen) {
  const ast = await openapiTS(forCodeGenerators(answersOpen, { forTypes: true }), {
    alphabetize: false,
    transform: openEnumType,
    // openapi-typescript's own place for code above the types: the import openEnumType's types need.
    inject: holdsOpenEnum(answersOpen) ? OPEN_ENUM_TYPE_IMPORT : undefined,
  });
  return astToString(multiLineDocComments(literalsEscaped(ast)));
}

/**
 * The generator's hooks on hey-api's zod plugin, before it adds a node: the schema built on first
 * use (lazy-schemas.mjs), then every literal of it written so hey-api's printer leaves it as it is
 * (zod-literals.mjs), in that order: the first wraps what hey-api made, the second prints it all.
 */
const ZOD_HOOKS = { events: { "node:set:before": (/** @type {any} */ event) => (lazySchemas(event), zodLiterals(event)) } };

/**
 * hey-api's zod/mini schemas of the contract as openAnswers(spec) marks it: an enum an answer
 * reaches becomes openEnum([...]) (src/open-enum.ts), and a format an answer reaches is not checked.
 * With the text, the names hey-api gave the schemas, from its symbol registry (zod-names.mjs).
 */
export async function zodFor(answersOpen) {
  // hey-api writes files; let it write into a scratch folder and keep only the schemas.
  const scratch = await mkdtemp(join(tmpdir(), "pw-zod-"));
  try {
    const [context] = await createClient({
      // The contract with its prose and patterns made safe for generated code (forCodeGenerators).
      input: forCodeGenerators(extendsMarked(answersOpen)),
      // No header of hey-api's: the file gets the generator's own (header()).
      output: { path: scratch, header: null },
      plugins: [{ name: "zod", compatibilityVersion: "mini", "~resolvers": withCompactChecks(openAnswerResolvers), "~hooks": ZOD_HOOKS }],
      logs: { level: "silent", file: false },
    });
    // hey-api's text as it wrote it; the hooks gave each schema its form (lazy, literals escaped).
    return { text: await readFile(join(scratch, "zod.gen.ts"), "utf8"), names: zodNames(context.gen.symbols.registered()) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function currentModule(specNames, versions) {
  const newest = specNames.at(-1).replace(/\.yaml$/, "");
  return [
    header(specNames.at(-1)),
    `export type * from "./${newest}/types";`,
    `export * from "./${newest}/zod";`,
    `export * from "./${newest}/sensitive";`,
    `export * from "./${newest}/responses";`,
    `export * from "./${newest}/resources";`,
    "",
    "/** The contract version every request sends as `version=`. */",
    `export const CONTRACT_VERSION = ${JSON.stringify(versions.at(-1))} as const;`,
    "",
  ].join("\n");
}

/**
 * What src/index.ts re-exports: the newest contract's resource types, and nothing internal. The
 * classes go out as type aliases of their instances: the client builds them, a caller never does,
 * and a bundled declaration file keeps an alias type-only where it would turn a class re-export
 * into a value export that does not exist at run time.
 */
function publicModule(specNames, resourcesText) {
  const newest = specNames.at(-1).replace(/\.yaml$/, "");
  const declared = (kind) => [...resourcesText.matchAll(new RegExp(`^export ${kind} (\\w+)`, "gm"))].map((match) => match[1]).sort();
  const classes = declared("class");
  return [
    header(specNames.at(-1)),
    `import type * as resources from "./${newest}/resources";`,
    "",
    `export type {`,
    ...[...declared("interface"), ...declared("type")].sort().map((name) => `  ${name},`),
    `} from "./${newest}/resources";`,
    ...classes.flatMap((name) => ["", `/** \`paywise.${name[0].toLowerCase()}${name.slice(1)}\` (the client builds it). */`, `export type ${name} = resources.${name};`]),
    "",
  ].join("\n");
}

/** What the SDK fills on every call and the options every call takes (src/call-parameters.ts). */
const SDK_FILLED = { headers: SDK_FILLED_HEADERS, query: SDK_FILLED_QUERY, options: REQUEST_OPTION_NAMES };

/**
 * Every file one contract generates (path relative to generated/ -> contents), from exactly what
 * this function is given: the contract file's name and text, the overlay's text and name, whether
 * every overlay action must match (`strict`) and whether it is the newest contract (which alone
 * gets docs/api.md). `note` hears what applyOverlay notes. render() keeps the result by these
 * inputs (renderContract), so nothing else may reach in here.
 */
async function generateContract({ specName, text, overlayText, overlayName, strict, newest }, note) {
  const written = parseYaml(text);
  const fileVersion = /** @type {RegExpExecArray} */ (SPEC_FILE.exec(specName))[1]; // listSpecs kept only these
  if (written.info?.version !== fileVersion) {
    throw new Error(`${specName}: info.version is ${quoteForMessage(written.info?.version)}, the file name says ${fileVersion}`);
  }
  // Before any generator reads it: a name that generated code could not carry stops here.
  checkContract(written, `openapi/${specName}`);
  const unsupported = unsupportedStyle(written);
  if (unsupported) throw new Error(`openapi/${specName}: the SDK cannot be generated from this contract yet: ${unsupported}`);
  // An envelope written inline in every answer is named here, so every generator reads one contract.
  const spec = withNamedEnvelope(written);
  const base = specName.replace(/\.yaml$/, "");
  // The overlay first: an action that no longer fits (the usual failure of a bump) stops the run
  // before openapi-typescript and hey-api spend their half second on the contract.
  const withOverlay = await applyOverlay(spec, parseYaml(overlayText), { specName: `openapi/${specName}`, overlayName, strict, note });
  // So does a tag or operationId that names no SDK method (resourceModules names them again below).
  sdkOperations(withOverlay);
  const files = new Map();
  const answersOpen = openAnswers(spec);
  files.set(`${base}/types.ts`, header(specName) + (await typesFor(answersOpen)));
  const zod = await zodFor(answersOpen);
  files.set(`${base}/zod.ts`, header(specName) + zod.text);
  files.set(`${base}/${PINNED_OVERLAY}`, overlayText);
  files.set(`${base}/sensitive.ts`, header(specName) + sensitiveFields(withOverlay, specName));
  files.set(`${base}/responses.ts`, header(specName) + responsesModule(withOverlay));
  files.set(`${base}/dynamic-mock.ts`, header(specName) + dynamicMockModule(spec));
  // One generated variant for both mocks: the fake and Prism serve the same sample for an answer
  // with no example, generated from the contract as PayWise wrote it (the overlay changes no schema).
  const served = staticMockContract(spec);
  files.set(`${base}/static-mock.ts`, header(specName) + staticMockModule(served));
  files.set(`${base}/fake-answers.ts`, header(specName) + fakeAnswersModule(withOverlay, zod.names, served));
  const { operations, resources, ops } = resourceModules(withOverlay, zod.names, SDK_FILLED);
  files.set(`${base}/operations.ts`, header(specName) + operations);
  files.set(`${base}/resources.ts`, header(specName) + resources);
  files.set(`${base}/cli.ts`, header(specName) + cliModule(ops, withOverlay));
  // docs/api.md, the method reference: the newest contract's only (issue 31).
  if (newest) files.set(API_REFERENCE_FILE, apiReference(ops, withOverlay, specName));
  return files;
}

/**
 * generateContract's files, kept by its inputs for the process's last few contracts: spec:bump
 * renders the new contract alone before it copies it, then again with the contracts before it,
 * and the bump tools' tests render the same contracts in one process many times; each render runs
 * openapi-typescript and hey-api, about half a CPU second (issue 30, item 4). A render that fails
 * is not kept, and a kept one says its notes again.
 */
const renderedContracts = new Map();
const KEPT_CONTRACTS = 8;

async function renderContract(input) {
  const key = JSON.stringify(input);
  const kept = renderedContracts.get(key);
  if (kept) {
    for (const line of kept.notes) console.log(line);
    return kept.files;
  }
  const notes = [];
  const files = await generateContract(input, (line) => (notes.push(line), console.log(line)));
  renderedContracts.set(key, { files, notes });
  if (renderedContracts.size > KEPT_CONTRACTS) renderedContracts.delete(renderedContracts.keys().next().value);
  return files;
}

/**
 * Renders every generated file in memory (path relative to generated/ -> contents) from the
 * contracts in `specDir`; the fuzz test (test/scripts/contract-as-data.test.ts) calls it on its own.
 */
export async function render(specDir = join(root, "openapi")) {
  const specNames = await listSpecs(specDir);
  const files = new Map();
  const versions = [];
  const sharedOverlay = await readFile(join(specDir, OVERLAY_FILE), "utf8");
  for (const specName of specNames) {
    const text = await readFile(join(specDir, specName), "utf8");
    const base = specName.replace(/\.yaml$/, "");
    // The newest contract is generated with the overlay as it is, and every action must match it.
    // An older one keeps the overlay it was last generated with as the newest (pinned beside its
    // code), so an edit for a newer contract never rewrites its code (docs/VERSIONING.md).
    const newest = specName === specNames.at(-1);
    const pinned = newest ? null : await readFile(join(specDir, "..", "generated", base, PINNED_OVERLAY), "utf8").catch(() => null);
    const overlayText = pinned ?? pinnedOverlay(specName, sharedOverlay);
    const overlayName = pinned ? `generated/${base}/${PINNED_OVERLAY}` : `openapi/${OVERLAY_FILE}`;
    // An older contract without a pin (added before pins existed) only has to fit where it can.
    const strict = newest || pinned !== null;
    for (const [rel, contents] of await renderContract({ specName, text, overlayText, overlayName, strict, newest })) files.set(rel, contents);
    versions.push(/** @type {RegExpExecArray} */ (SPEC_FILE.exec(specName))[1]); // generateContract checked it is info.version
  }
  files.set("current.ts", currentModule(specNames, versions));
  // Apart from current.ts: only @paywise/sdk/testing needs it, and the client's bundle must not carry it.
  const newestName = specNames[specNames.length - 1];
  files.set("dynamic-mock.ts", [header(newestName), `export * from "./${newestName.replace(/\.yaml$/, "")}/dynamic-mock";`, `export * from "./${newestName.replace(/\.yaml$/, "")}/static-mock";`, ""].join("\n"));
  files.set("fake-answers.ts", [header(newestName), `export * from "./${newestName.replace(/\.yaml$/, "")}/fake-answers";`, ""].join("\n"));
  // Apart from current.ts too: only the `paywise` command line (src/cli) reads it.
  files.set("cli.ts", [header(newestName), `export * from "./${newestName.replace(/\.yaml$/, "")}/cli";`, ""].join("\n"));
  files.set("public.ts", publicModule(specNames, files.get(`${newestName.replace(/\.yaml$/, "")}/resources.ts`)));
  assertPlainText(files);
  return files;
}

async function listGenerated(dir, prefix = "") {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out = [];
  for (const entry of entries) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await listGenerated(join(dir, entry.name), rel + "/")));
    else out.push(rel);
  }
  return out;
}

/**
 * `npm run generate` (or, with `--check`, `npm run check:generated`) on the package at `root`;
 * what it prints goes to `out`. Resolves to the exit code: 0, or 1 when generated/ differs from
 * the contracts (--check) or generation failed, its reason printed without a stack trace: the
 * generator's own errors say what to do, and a stack would bury that. The tests call it
 * in-process, on the repository and on copies of it: a child would only add a node process and
 * the generators' start-up, about 4 CPU seconds (issue 30, item 4).
 */
export async function generateCommand(root, args, out = { log: console.log, error: console.error }) {
  const generatedDir = join(root, "generated");
  try {
    const files = await render(join(root, "openapi"));
    if (args.includes("--check")) {
      const stale = [];
      for (const [rel, text] of files) {
        const onDisk = await readFile(join(generatedDir, rel), "utf8").catch(() => null);
        if (onDisk !== text) stale.push(rel);
      }
      for (const rel of await listGenerated(generatedDir)) if (!files.has(rel)) stale.push(rel + " (not generated by any spec)");
      if (stale.length) {
        out.error("generated/ is out of date with openapi/. Run `npm run generate`. Differs:\n  " + stale.join("\n  "));
        return 1;
      }
      out.log(`generated/ matches openapi/ (${files.size} files).`);
      return 0;
    }
    await writeGenerated(generatedDir, files);
    out.log(`wrote ${files.size} files to generated/`);
    return 0;
  } catch (error) {
    out.error(`npm run generate failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

// Run as a script, not imported (the tests import render and generateCommand).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(await generateCommand(root, process.argv.slice(2)));
}
