// The release this build is, read from package.json at build time, so a bump (which moves
// package.json) moves the User-Agent with it. A named import: the bundler inlines the one field,
// not the whole file (scripts/check-package.mjs checks the bundle for that).
import { version } from "../package.json";

export const SDK_VERSION: string = version;
