// Kept equal to package.json's version by a test (test/version.test.ts); a literal here keeps
// package.json out of the bundle.
export const SDK_VERSION = "0.1.0";
