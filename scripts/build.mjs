// npm run build: tsdown's own build(), with tsdown.config.ts. Called through its API rather than
// its command line because the command line (and only it) prints "Node.js v20 is deprecated" on
// every run, while tsdown 0.21 supports Node 20 and this package supports it (engines >=20): the
// notice would be the one line of a clean build that the README cannot explain away.
import { build } from "tsdown";

await build({});
