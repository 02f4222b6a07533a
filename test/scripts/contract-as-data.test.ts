// Issue 15, item 1: a contract is data, never code. Contracts whose text carries comment
// terminators, quotes, backticks, `${`, line separators, NUL, bidi overrides, TSDoc tags and very
// long text go through the real generator (in-process), are built with esbuild and imported: the
// contract's own code (it sets a global sentinel) never runs, the text arrives as the same data,
// and the generated files type-check. A contract whose names generated code could not carry is
// refused with the place named.
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { render } from "../../scripts/generate.mjs";
import { API_REFERENCE_FILE } from "../../scripts/lib/api-reference.mjs";
import { writeGenerated } from "../../scripts/lib/generated-dir.mjs";
import { nativeTsc } from "../helpers/native-tsc";
import { SPEC_FILE, spec as newestContract, unusedName } from "../helpers/spec";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OVERLAY = join(REPO, "openapi/pw-wrappers.overlay.yaml");
const SENTINEL = "__pwContractRan";
const GENERATION_TIMEOUT = 180_000;

/** Text that would run, end a comment, or hide itself if it reached code (or a page) as it is. */
const PAYLOADS = [
  `*/ globalThis.${SENTINEL} = "comment"; /*`,
  `" + (globalThis.${SENTINEL} = "double") + "`,
  `' + (globalThis.${SENTINEL} = 'single') + '`,
  `\` + (globalThis.${SENTINEL} = \`backtick\`) + \``,
  `\${globalThis.${SENTINEL} = "template"}`,
  `\u2028globalThis.${SENTINEL} = "u2028"; //\u2029globalThis.${SENTINEL} = "u2029";`,
  `\nglobalThis.${SENTINEL} = "newline"; //\r\nx`,
  `NUL\u0000 ESC\u001b[31m C1\u0085 end`,
  `@internal x@internal @__PURE__ {@link x} @deprecated @ts-ignore`,
  `bidi \u202egnp.exe\u202c and \u2066isolate\u2069`,
  `back\\slash\\`,
  // For the method reference, a Markdown page: a cell break, a link, a tag and a comment of its own.
  `| cell | [link](javascript:void(0)) <img src=x onerror=markdownPayload> <!-- hidden`,
];
const ALL = PAYLOADS.join(" | ");
const LONG = `${ALL} ${"long text ".repeat(10_000)}`;
/** The word the probe's operation, schema and tag are named by, one the contract and overlay do not use. */
const PROBE = unusedName("Probe", [newestContract, parse(readFileSync(OVERLAY, "utf8"))]);
/** A URL path (RFC 3986 characters only) that still closes a comment and opens a template. */
const HOSTILE_PATH = `/account/x*/globalThis.${SENTINEL}=42;/*'$\${globalThis.${SENTINEL}=43}`;

/** A seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Random code points of every plane, controls and separators included (surrogates only in pairs). */
function randomText(random: () => number, length: number): string {
  const points = Array.from({ length }, () => {
    const point = random() < 0.5 ? Math.floor(random() * 0x3000) : Math.floor(random() * 0x110000);
    return point >= 0xd800 && point <= 0xdfff ? point + 0x800 : point;
  });
  return String.fromCodePoint(...points);
}

/** A few payloads, mixed with random text. */
function fuzzText(random: () => number): string {
  const parts: string[] = [];
  for (let i = 0; i < 4; i++) parts.push(PAYLOADS[Math.floor(random() * PAYLOADS.length)]!, randomText(random, 8));
  return parts.join("");
}

type Json = Record<string, any>;
/** The newest contract as test/helpers/spec parsed it (a parse is about a quarter of a CPU second): each caller gets a copy to change. */
const baseContract = (): Json => structuredClone(newestContract) as Json;

/**
 * The newest contract with hostile text in every free-text place and a new operation under a
 * hostile path, tag, enums, defaults and patterns. Names stay valid: this one must generate.
 */
function hostileContract(base: Json, version: string, text: (field: string) => string): Json {
  const spec = structuredClone(base);
  spec.info.version = version;
  spec.info.description = text("info.description");
  for (const tag of spec.tags ?? []) tag.description = text("tag.description");
  for (const item of Object.values(spec.paths as Json)) {
    for (const operation of Object.values(item as Json)) {
      operation.summary = text("summary");
      operation.description = text("description");
      for (const [status, response] of Object.entries(operation.responses as Json)) (response as Json).description = text(`response ${status}`);
    }
  }
  // A contract may inline its parameters or schemas and have no component of the kind.
  for (const parameter of Object.values((spec.components.parameters ?? {}) as Json)) parameter.description = text("parameter.description");
  for (const schema of Object.values((spec.components.schemas ?? {}) as Json)) {
    schema.description = text("schema.description");
    schema.title = text("schema.title");
    for (const property of Object.values((schema.properties ?? {}) as Json)) if (!property.$ref) property.description = text("property.description");
  }
  const tag = `${PROBE.toLowerCase()} */ \${x} "'\` ${version.replaceAll("-", "")}`;
  spec.tags = [...(spec.tags ?? []), { name: tag, description: text("probe tag") }];
  const enumValues = [...PAYLOADS.slice(0, 6), text("enum value")];
  (spec.components.schemas ??= {})[`${PROBE}Request`] = {
    type: "object",
    description: text(`${PROBE}Request`),
    required: ["choice"],
    properties: {
      choice: { type: "string", enum: enumValues, description: text("choice"), examples: [text("choice example")] },
      note: { type: "string", default: text("note default"), example: text("note example"), maxLength: 100_000 },
      // Valid patterns that end a `/…/` literal if a `/` is escaped without regard to the `\` before it.
      code: { type: "string", pattern: "^(?:a\\\\/|(globalThis)|[/*]|\u2028)+$" },
      // A format with a pattern becomes z.stringFormat(format, /pattern/); the format is shown in the types' comments.
      tagged: { type: "string", format: text("format"), pattern: "^(?:a\\\\/|[/*])+$" },
    },
  };
  spec.paths[HOSTILE_PATH] = {
    post: {
      tags: [tag],
      operationId: `send${PROBE}`,
      summary: text("probe summary"),
      description: LONG,
      parameters: spec.paths["/account/balance"].post.parameters,
      requestBody: {
        required: true,
        description: text("probe body"),
        content: { "application/json": { schema: { $ref: `#/components/schemas/${PROBE}Request` }, examples: { hostile_values: { summary: text("example summary"), value: { choice: ALL, [ALL]: ALL } } } } },
      },
      responses: { "200": spec.paths["/account/balance"].post.responses["200"] },
    },
  };
  return spec;
}

/** Writes generated/ as `npm run generate` would, next to copies of src/ and openapi/. */
async function writeTree(dir: string, files: Map<string, string>): Promise<void> {
  await writeGenerated(join(dir, "generated"), files);
  await cp(join(REPO, "src"), join(dir, "src"), { recursive: true });
  await cp(join(REPO, "package.json"), join(dir, "package.json"));
}

/** The identifiers and comments of a generated file, as TypeScript's parser reads it. */
function parsed(name: string, text: string): { identifiers: Set<string>; comments: string[] } {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const identifiers = new Set<string>();
  const comments = new Map<number, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) identifiers.add(node.text);
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) comments.set(range.pos, text.slice(range.pos, range.end));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { identifiers, comments: [...comments.values()] };
}

/**
 * TypeScript 7's tsc (as `npm run typecheck` runs it) over the entry that imports what the contract
 * made (generated/), with the repository's compiler options: everything the entry reaches is checked,
 * src/ a copy of the repository's own, which typecheck.test.ts checks too.
 */
async function typeErrors(dir: string, roots: string[]): Promise<string[]> {
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(REPO, "tsconfig.json"), include: [], files: roots }));
  return (await nativeTsc("tsconfig.json", dir)).map(({ file, code, message }) => `${file ? basename(file) : ""}: ${code} ${message}`);
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[SENTINEL];
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pw-contract-as-data-"));
  dirs.push(dir);
  await mkdir(join(dir, "openapi"));
  await cp(OVERLAY, join(dir, "openapi", basename(OVERLAY)));
  await symlink(await realpath(join(REPO, "node_modules")), join(dir, "node_modules"), "dir");
  return dir;
}

describe("a contract with hostile text", () => {
  let dir: string;
  let files: Map<string, string>;
  let newest: string;
  let older: string;
  let contracts: Json[];

  beforeAll(async () => {
    dir = await scratch();
    const base = baseContract();
    const version = String(base.info.version);
    // Two contracts in one tree, so one generation, one type-check and one build cover both: the
    // older with every payload everywhere, the newest with seeded random mixes.
    const olderVersion = `${Number(version.slice(0, 4)) - 1}${version.slice(4)}`;
    const random = prng(0x15);
    contracts = [hostileContract(base, olderVersion, () => ALL), hostileContract(base, version, () => fuzzText(random))];
    older = `pw-wrappers.${olderVersion}`;
    newest = `pw-wrappers.${version}`;
    await writeFile(join(dir, "openapi", `${older}.yaml`), stringify(contracts[0]));
    await writeFile(join(dir, "openapi", `${newest}.yaml`), stringify(contracts[1]));
    // As the generator reads them (a lone surrogate is written to the file as U+FFFD).
    contracts = await Promise.all([older, newest].map(async (name) => parse(await readFile(join(dir, "openapi", `${name}.yaml`), "utf8"))));
    files = await render(join(dir, "openapi"));
    await writeTree(dir, files);
  }, GENERATION_TIMEOUT);

  it("generates files that hold no line separator, NUL, control or bidi character", () => {
    for (const [rel, text] of files) expect(text, rel).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });

  it("keeps the contract's text in strings and comments: no identifier of its code, no TSDoc tag of its own", () => {
    for (const [rel, text] of [...files].filter(([rel]) => rel.endsWith(".ts"))) {
      const { identifiers, comments } = parsed(rel, text);
      expect(identifiers.has(SENTINEL), rel).toBe(false);
      // tsc's stripInternal drops a declaration whose comment holds "@internal" anywhere: only the generator's own may.
      const internal = comments.filter((comment) => comment.includes("@internal"));
      expect(internal.every((comment) => comment.startsWith("/** @internal ")), rel).toBe(true);
      // Every comment is one the parser closed where the generator closed it: none holds code of the contract's.
      expect(comments.filter((comment) => comment.includes(`globalThis.${SENTINEL}`) && comment.includes("*/ globalThis")), rel).toEqual([]);
    }
  });

  it("keeps the contract's text in the method reference (docs/api.md) as text: no tag, link or table cell of its own", () => {
    const page = files.get(API_REFERENCE_FILE)!;
    expect(page).toContain(SENTINEL);
    expect(page).toContain("markdownPayload");
    const lines = page.split("\n").slice(1); // the first is the generator's own do-not-edit comment
    // Unescaped: a backslash before it escapes it, unless that backslash is itself escaped.
    const unescaped = (char: string) => new RegExp(`(?<!\\\\)(?:\\\\\\\\)*\\${char}`, "g");
    // A method's signature line is the generator's, made of identifiers: `APIPromise<Result>`.
    expect(lines.filter((line) => !line.startsWith("`paywise.") && unescaped("<").test(line))).toEqual([]);
    const targets = [...lines.join("\n").matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((match) => match[1]!);
    expect(targets.filter((target) => !/^(#paywise\w+|\.\.\/README\.md#\w+)$/.test(target))).toEqual([]);
    // Every row of a table has as many cells as its header.
    let columns = 0;
    for (const line of lines) {
      if (!line.startsWith("|")) columns = 0;
      else if (columns === 0) columns = line.match(unescaped("|"))!.length;
      else expect(line.match(unescaped("|"))!.length, line.slice(0, 120)).toBe(columns);
    }
  });

  it("builds, and importing the build runs nothing of the contract's, which arrives as data", async () => {
    // The entry imports every generated module of both contracts, not only what the client uses.
    const entry = join(dir, "entry.ts");
    const modules = [older, newest].flatMap((name) => ["operations", "resources", "responses", "sensitive", "zod"].map((module) => `./generated/${name}/${module}`));
    await writeFile(
      entry,
      [`export * from "./src/index";`, `export * as current from "./generated/current";`, ...modules.map((path, i) => `export * as m${i} from ${JSON.stringify(path)};`)].join("\n"),
    );
    const outfile = join(dir, "dist", "entry.mjs");
    await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", outfile, logLevel: "silent" });
    expect(SENTINEL in globalThis).toBe(false);
    const built = await import(pathToFileURL(outfile).href);
    expect(SENTINEL in globalThis).toBe(false);

    // The hostile path and enum values are the descriptor's and schema's data, byte for byte.
    const descriptors = [built.m0, built.m5].map((operations) => Object.values(operations as Record<string, { path?: string }>).find((op) => op.path === HOSTILE_PATH));
    expect(descriptors.every(Boolean)).toBe(true);
    const zodOfNewest = built.m9 as Record<string, { safeParse(value: unknown): { success: boolean } }>;
    const probeRequest = contracts[1]!.components.schemas[`${PROBE}Request`];
    const zProbeRequest = zodOfNewest[`z${PROBE}Request`]!;
    const choices = probeRequest.properties.choice.enum as string[];
    for (const choice of choices) expect(zProbeRequest.safeParse({ choice }).success, JSON.stringify(choice)).toBe(true);
    expect(zProbeRequest.safeParse({ choice: "not in the enum" }).success).toBe(false);
    const pattern = probeRequest.properties.code.pattern as string;
    for (const code of ["a\\/", "globalThis", "*/", "\u2028", "b"]) expect(zProbeRequest.safeParse({ choice: choices[0], code }).success).toBe(new RegExp(pattern, "u").test(code));
  }, GENERATION_TIMEOUT);

  it("type-checks", async () => {
    expect(await typeErrors(dir, ["entry.ts"])).toEqual([]);
  }, GENERATION_TIMEOUT);
});

describe("a contract whose names generated code cannot carry", () => {
  let dir: string;
  let base: Json;
  beforeAll(async () => {
    dir = await scratch();
    base = baseContract();
  });

  /** Generation's error for the contract `change` makes of the newest one. */
  async function refusal(change: (spec: Json) => void): Promise<string> {
    const spec = structuredClone(base);
    change(spec);
    await writeFile(join(dir, "openapi", basename(SPEC_FILE)), stringify(spec));
    try {
      await render(join(dir, "openapi"));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("the generator accepted the contract");
  }

  const balance = (spec: Json) => spec.paths["/account/balance"].post;
  /** The balance request's body schema: the component it names, else the schema written inline. */
  const balanceBody = (spec: Json): Json => {
    const schema = balance(spec).requestBody.content["application/json"].schema;
    return typeof schema.$ref === "string" ? (schema.$ref.slice(2).split("/") as string[]).reduce((node: Json, key) => node[key], spec) : schema;
  };
  /** Where generation names that schema: its component's pointer, or the inline schema's. */
  const balanceBodyPointer = (spec: Json): string => balance(spec).requestBody.content["application/json"].schema.$ref ?? "#/paths/~1account~1balance/post/requestBody/content/application~1json/schema";
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const rename = (object: Json, from: string, to: string) => {
    object[to] = object[from];
    delete object[from];
  };
  const cases: [string, (spec: Json) => void, RegExp][] = [
    ["a path with a space, a newline and a NUL", (spec) => rename(spec.paths, "/account/balance", `/account/x */ globalThis.${SENTINEL} = 1;\n/*\u0000`), /#\/paths\/~1account~1x \*~1 globalThis.*: a path must be a URL path/],
    ["a path with a line separator", (spec) => rename(spec.paths, "/account/balance", "/account/x\u2028y"), /#\/paths\/~1account~1x\\u2028y: a path must be a URL path/],
    ["an operationId that is code", (spec) => (balance(spec).operationId = `x${PAYLOADS[0]}`), /#\/paths\/~1account~1balance\/post\/operationId: an operationId must be/],
    ["a query parameter named with quotes", (spec) => spec.paths["/account/account"].get.parameters[2].name = PAYLOADS[1], /#\/paths\/~1account~1account\/get\/parameters\/2\/name: a query parameter's name must match/],
    ["a header named with CRLF", (spec) => balance(spec).parameters.push({ name: "X-A\r\nX-B", in: "header", schema: { type: "string" } }), /\/parameters\/\d+\/name: a header parameter's name must match/],
    ["a property named with a template", (spec) => (balanceBody(spec).properties[PAYLOADS[4]!] = { type: "string" }), new RegExp(`${escaped(balanceBodyPointer(newestContract as Json))}/properties/\\$\\{globalThis.*: a property name must match`)],
    ["an example named with a backtick", (spec) => (balance(spec).requestBody.content["application/json"].examples = { [PAYLOADS[3]!]: { value: {} } }), /\/examples\/` \+ \(globalThis.*: an example's name must be/],
    ["a component named with U+2029", (spec) => ((spec.components.schemas ??= {})["Env\u2029elope"] = { type: "object" }), /#\/components\/schemas\/Env\\u2029elope: a component name must be/],
    ["a status that is not one", (spec) => rename(balance(spec).responses, "500", "5xx */"), /\/responses\/5xx \*~1: a response key must be an HTTP status/],
    ["a pattern that is not a regular expression", (spec) => (balanceBody(spec).properties.mobile_number = { type: "string", pattern: "a\\" }), /\/properties\/mobile_number\/pattern: a pattern must be a regular expression/],
    ["a $ref to another file", (spec) => (balance(spec).parameters[0] = { $ref: "https://example.test/x.yaml#/p" }), /\/parameters\/0\/\$ref: a \$ref must point into the contract file/],
    ["a lone surrogate in a description", (spec) => (balance(spec).description = "half a pair: \ud800"), /#\/paths\/~1account~1balance\/post\/description: text must be well-formed Unicode/],
    ["a tag that makes a resource start with a digit", (spec) => (balance(spec).tags = ["2fa"]), /POST \/account\/balance: its resource \(from its first tag\) would be "2fa"/],
    ["a tag that makes a resource every object has", (spec) => (balance(spec).tags = ["constructor"]), /POST \/account\/balance: its resource would be paywise.constructor/],
  ];
  it.each(cases)("refuses %s, naming where it is", async (_, change, where) => {
    const message = await refusal(change);
    expect(message).toMatch(where);
    // The message quotes the contract's text escaped, on one line.
    expect(message).not.toMatch(/[\r\n\u0000\u2028\u2029]/);
  }, GENERATION_TIMEOUT);
});
