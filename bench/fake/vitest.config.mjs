// Only bench/fake/hundred-calls.test.ts, outside the repository's test projects and with no typecheck pass.
export default { test: { include: ["bench/fake/hundred-calls.test.ts"], testTimeout: 30_000 } };
