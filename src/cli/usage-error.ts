// A command line the CLI cannot run: an unknown command or flag, a flag without its value, an
// --input that is not JSON, a key file it cannot read. Nothing was sent.
export class UsageError extends Error {
  override name = "UsageError";
}
