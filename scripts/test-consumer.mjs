#!/usr/bin/env node
// Tests the package the way a user gets it (issue 5): checks what `npm pack` ships, installs the
// tarball into a fresh project outside this repository, and there imports it as ESM, requires it as
// CommonJS, type-checks a program with moduleResolution node16 and bundler, reads the bundled spec
// through its export, checks startMockServer()'s message while Prism is missing, runs the `paywise`
// bin (by its shebang, through npx, and `npx <tarball>` from an empty folder), runs the testing
// examples of the README and docs/testing.md with Vitest, MSW and Jest and compiles every TypeScript
// snippet of the README and docs/ against the same tarball in a project of their own
// (scripts/lib/docs-examples.mjs), runs the smoke test in the fresh project on every runtime the
// SDK supports (scripts/lib/runtimes.mjs), then installs Prism and makes real calls through both
// builds and the bin. Needs `npm run build` first.
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  createConsumerProject,
  builtContractVersion,
  FIXTURES_DIR,
  isolatedEnv,
  main,
  NPM_INSTALL_FLAGS,
  packTarball,
  REPO_ROOT,
  repoPackage,
  run,
  sessionExample,
  withTempDir,
} from "./lib/package-fixture.mjs";
import { checkDocsExamples } from "./lib/docs-examples.mjs";
import { smokeEveryRuntime } from "./lib/runtimes.mjs";

const PRISM = "@stoplight/prism-cli";

/** What may ship: the build, the contract it was built from, and the package's own documents. */
function allowedInTarball(contractVersion) {
  return [
    /^package\.json$/,
    /^README\.md$/,
    /^CHANGELOG\.md$/,
    /^LICENSE(\.md)?$/,
    /^dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts)$/,
    new RegExp(`^openapi/pw-wrappers\\.${contractVersion.replace(/[-.]/g, "\\$&")}\\.yaml$`),
  ];
}

/** Every file package.json points a user at has to be in the tarball. */
function filesPackageJsonNames() {
  const named = new Set([repoPackage.main, repoPackage.module, repoPackage.types]);
  const walk = (target) => {
    if (typeof target === "string") named.add(target);
    else if (target && typeof target === "object") Object.values(target).forEach(walk);
  };
  walk(repoPackage.exports);
  walk(repoPackage.typesVersions);
  return [...named].filter(Boolean).map((file) => file.replace(/^\.\//, ""));
}

function checkTarballFiles(files, contractVersion) {
  const allowed = allowedInTarball(contractVersion);
  const unexpected = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
  if (unexpected.length > 0) {
    throw new Error(
      `npm pack would ship files users do not need (tests, scripts, sources, maps…):\n  ${unexpected.join("\n  ")}\n` +
        `Narrow "files" in package.json, or, if users do need them, allow them in scripts/test-consumer.mjs.`,
    );
  }
  const missing = [...filesPackageJsonNames(), "README.md", "CHANGELOG.md"].filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`npm pack leaves out files that package.json names or users read:\n  ${missing.join("\n  ")}`);
}

/** The command startMockServer() tells users to run; the same Prism version this repository tests with. */
function prismInstallCommand() {
  const version = repoPackage.devDependencies?.[PRISM];
  if (!version) throw new Error(`${PRISM} is not a devDependency: the mock server is then untested`);
  return { version, command: `npm install --save-dev ${PRISM}@${version}` };
}

await main("test-consumer", async ({ step }) => {
  const contractVersion = await builtContractVersion();
  const prism = prismInstallCommand();
  const session = await sessionExample(contractVersion);

  await withTempDir("paywise-sdk-consumer", async (temp) => {
    // The files npm lists for the tarball it wrote (what a --dry-run lists too), so the one checked is the one installed.
    const { tarball } = await step("npm pack ships only what users need, and all of it", async () => {
      const packed = await packTarball(temp);
      checkTarballFiles(packed.files, contractVersion);
      console.log(`  ${packed.files.length} files: ${packed.files.join(", ")}`);
      return packed;
    });

    const project = join(temp, "project");
    const nodeTypes = `@types/node@${repoPackage.devDependencies["@types/node"]}`;
    await step(`install the tarball into a fresh project (with ${nodeTypes}, without Prism)`, async () => {
      await createConsumerProject(project, tarball, [nodeTypes]);
      if (existsSync(join(project, "node_modules", PRISM))) {
        throw new Error(`${PRISM} got installed although it is an optional peer dependency`);
      }
      for (const dependency of Object.keys(repoPackage.dependencies ?? {})) {
        if (!existsSync(join(project, "node_modules", dependency, "package.json"))) {
          throw new Error(`the dependency ${dependency} was not installed with the package`);
        }
      }
    });

    await step("copy the consumer programs in", async () => {
      await cp(FIXTURES_DIR, project, { recursive: true });
      const program = await readFile(join(FIXTURES_DIR, "typed-program.ts"), "utf8");
      for (const name of ["typed.mts", "typed.cts", "typed.ts"]) await writeFile(join(project, name), program);
      const expected = {
        contractVersion,
        sdkVersion: repoPackage.version,
        prismInstallCommand: prism.command,
        ...session,
      };
      await writeFile(join(project, "expected.json"), JSON.stringify(expected, null, 2) + "\n");
    });

    const node = (file) => run(process.execPath, [file], { cwd: project, env: isolatedEnv() });
    const show = ({ stdout }) => stdout.trim() && console.log(`  ${stdout.trim().replace(/\n/g, "\n  ")}`);
    // The published types under both TypeScript lines users have: 5.9, and 7 (the native compiler,
    // what `npm install typescript` gives today).
    const compilers = [
      { name: "TypeScript 5.9", tsc: join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc") },
      { name: "TypeScript 7", tsc: join(REPO_ROOT, "node_modules", "typescript-7", "bin", "tsc") },
    ];

    await step("import it as ESM: entry points, versions, ./openapi.yaml and specPath()", async () => show(await node("check-exports.mjs")));
    await step("require it as CommonJS: entry points, versions, ./openapi.yaml and specPath()", async () => show(await node("check-exports.cjs")));
    for (const { name, tsc } of compilers) {
      await step(`type-check with moduleResolution node16 (import and require), ${name}`, () =>
        run(process.execPath, [tsc, "-p", "tsconfig.node16.json"], { cwd: project, env: isolatedEnv() }),
      );
      await step(`type-check with moduleResolution bundler, ${name}`, () =>
        run(process.execPath, [tsc, "-p", "tsconfig.bundler.json"], { cwd: project, env: isolatedEnv() }),
      );
    }
    await step("startMockServer() without Prism says how to install it", async () => show(await node("check-without-prism.mjs")));
    await step("without msw, @paywise/sdk/testing's fake answers and only ./testing/msw asks for msw", async () => {
      if (existsSync(join(project, "node_modules", "msw"))) throw new Error("msw got installed although it is an optional peer dependency");
      show(await node("check-without-msw.mjs"));
    });
    await step("the paywise bin: by its shebang, through npx paywise and npx @paywise/sdk, with its exit codes", async () => show(await node("check-cli.mjs")));
    await step("npx <tarball> in an empty folder runs the package's one bin", async () => {
      const empty = join(temp, "empty");
      await mkdir(empty);
      // A cache of its own, so nothing of this run stays in the machine's npx cache; offline, as the package has no dependency.
      // As file:, since npx takes a bare absolute path for a command to run rather than a package.
      const { stdout } = await run("npx", ["--yes", "--offline", `file:${tarball}`, "--version"], { cwd: empty, env: isolatedEnv({ npm_config_cache: join(temp, "npx-cache") }) });
      if (stdout.trim() !== `paywise ${repoPackage.version} (@paywise/sdk ${repoPackage.version}, contract ${contractVersion})`) throw new Error(`npx <tarball> --version printed ${JSON.stringify(stdout)}`);
      console.log(`  ${stdout.trim()}`);
    });

    // Its own folder, beside the project: the runners and msw it links in stay out of the project's checks.
    await checkDocsExamples(step, tarball, join(temp, "docs-examples"));

    // Before Prism is installed here, so each runtime resolves the package with what it brought alone.
    await smokeEveryRuntime(step, project, session);

    await step(`install ${PRISM}@${prism.version} as the error message says`, () =>
      run("npm", [...NPM_INSTALL_FLAGS, "--save-dev", `${PRISM}@${prism.version}`], { cwd: project, env: isolatedEnv() }),
    );
    await step("ESM: startMockServer() and a real call, unwrapped, plus a typed error", async () => show(await node("call-mock-server.mjs")));
    await step("CJS: startMockServer() and a real call, unwrapped, plus a typed error", async () => show(await node("call-mock-server.cjs")));
    await step("the installed paywise bin against the mock server prints the SDK's result", async () => show(await node("cli-mock-server.mjs")));
  });
});
