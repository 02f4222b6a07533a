// Issue 32, item 4: the minified entries are rewritten after the minifier so that V8 parses less of
// them at import (scripts/lib/lazy-parse.mjs): a module's top-level arrows become function
// expressions, template literals without substitutions become strings. A small module goes through
// rolldown (as tsdown.config.ts builds dist/) with and without the rewrite; what it exports must
// behave the same, in ES module and CommonJS form, and the rewritten code must hold no top-level
// arrow but those that read `this` or `arguments`, and no plain template literal.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Rolldown } from "tsdown";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lazyParsing } from "../../scripts/lib/lazy-parse.mjs";

/** Arrows and strings in the shapes the minifier writes them; each export is used below. */
const SOURCE = `
const register = (name, init) => ({ name, init });
export const kinds = [register("a", (inst, def) => { inst.def = def; return inst; }), register("b", (inst) => inst)];
export const lazy = ((build) => { let made; return () => (made ??= build()); })(() => ({ built: true }));
export const parse = ((wrap) => { const run = (value, extra = (v) => v + 1) => wrap(extra(value)); return run; })((v) => [v]);
export const sum = (...values) => values.reduce((a, b) => a + b, 0);
export const pick = ({ a, b = 2 } = {}) => a + b;
export const pair = (x) => (x, [x, x]);
export const later = async (value) => value * 2;
export class Counter { count = 1; read = () => this.count; }
export const argumentsSeen = () => (typeof arguments === "object" ? arguments.length : "none");
export const nested = (x) => (y) => (z) => x + y + z;
export const texts = ["plain", 'quote " and \\' and \\\` backtick', "line\\nbreak\\u2028sep", "dollar \${not} a substitution", "\\ud800 lone", "caf\\u00e9 \\u2026"];
const tag = (strings) => strings.raw.join("|");
export const tagged = tag\`raw\\n\${1}text\`;
export const withSubstitution = (n) => \`n is \${n}\`;
`;

/** The ES module's top-level arrows (arrows inside an immediately called function count) and plain templates. */
function leftovers(program: unknown) {
  const arrows: string[] = [];
  let templates = 0;
  const visit = (node: unknown, parent: { type?: string; callee?: unknown } | undefined, topLevel: boolean): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, parent, topLevel));
    const current = node as { type?: string; [key: string]: unknown };
    if (typeof current.type !== "string") return;
    if (current.type === "TemplateLiteral" && (current.expressions as unknown[]).length === 0 && parent?.type !== "TaggedTemplateExpression") templates++;
    const isFunction = /Function/.test(current.type);
    if (current.type === "ArrowFunctionExpression" && topLevel) arrows.push(current.type);
    const inner = isFunction ? topLevel && parent?.type === "CallExpression" && parent.callee === current : topLevel;
    for (const [key, value] of Object.entries(current)) if (key !== "type") visit(value, current, inner);
  };
  visit(program, undefined, true);
  return { arrows: arrows.length, templates };
}

let dir: string;
const built: Record<string, { plain: string; rewritten: string; found: ReturnType<typeof leftovers> }> = {};

async function bundle(format: "esm" | "cjs", rewrite: boolean) {
  let found = { arrows: -1, templates: -1 };
  const inspect: Rolldown.Plugin = {
    name: "inspect",
    generateBundle(_options, chunks) {
      for (const chunk of Object.values(chunks)) if (chunk.type === "chunk") found = leftovers(this.parse(chunk.code));
    },
  };
  const build = await Rolldown.rolldown({
    input: "entry",
    logLevel: "silent",
    plugins: [{ name: "entry", resolveId: (id) => (id === "entry" ? id : null), load: (id) => (id === "entry" ? SOURCE : null) }, ...(rewrite ? [lazyParsing] : []), inspect],
  });
  const { output } = await build.generate({ format, minify: true });
  return { code: output[0].code, found };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pw-lazy-parse-"));
  for (const format of ["esm", "cjs"] as const) {
    const plain = await bundle(format, false);
    const rewritten = await bundle(format, true);
    built[format] = { plain: plain.code, rewritten: rewritten.code, found: rewritten.found };
    // The plain build has what the rewrite takes out, or this test proves nothing.
    expect(plain.found.arrows).toBeGreaterThan(5);
    expect(plain.found.templates).toBeGreaterThan(5);
  }
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(format: "esm" | "cjs", which: "plain" | "rewritten"): Promise<Record<string, any>> {
  const file = join(dir, `${which}.${format === "esm" ? "mjs" : "cjs"}`);
  await writeFile(file, built[format]![which]);
  return format === "esm" ? import(pathToFileURL(file).href) : createRequire(import.meta.url)(file);
}

async function observe(module: Record<string, any>) {
  return {
    kinds: module.kinds.map((kind: { name: string; init: (...args: unknown[]) => unknown }) => [kind.name, kind.init({}, { d: 1 })]),
    lazy: [module.lazy(), module.lazy() === module.lazy()],
    parse: [module.parse(1), module.parse(1, (v: number) => v * 10)],
    sum: [module.sum(), module.sum(1, 2, 3)],
    pick: [module.pick(), module.pick({ a: 1 }), module.pick({ a: 1, b: 5 })],
    pair: module.pair(3),
    later: await module.later(4),
    // Called detached: as a function expression, `read` would have no `this`, and `argumentsSeen` its own arguments.
    read: ((read: () => number) => read())(new module.Counter().read),
    argumentsSeen: module.argumentsSeen(),
    nested: module.nested(1)(2)(3),
    texts: module.texts,
    tagged: module.tagged,
    withSubstitution: module.withSubstitution(7),
    lengths: [module.sum.length, module.pick.length, module.later.length],
  };
}

describe("lazy parsing (scripts/lib/lazy-parse.mjs)", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`leaves no top-level arrow but those that read this or arguments, and no plain template literal (${format})`, () => {
      expect(built[format]!.found).toEqual({ arrows: 2, templates: 0 });
      expect(built[format]!.rewritten).toMatch(/=>this\.count/);
      expect(built[format]!.rewritten).toMatch(/=>typeof arguments/);
    });

    it(`changes nothing the code does (${format})`, async () => {
      const plain = await observe(await load(format, "plain"));
      const rewritten = await observe(await load(format, "rewritten"));
      expect(rewritten).toEqual(plain);
      expect(rewritten.read).toBe(1);
      expect(rewritten.texts[1]).toBe("quote \" and ' and ` backtick");
      expect(rewritten.tagged).toBe("raw\\n|text");
    });
  }
});
