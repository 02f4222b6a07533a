// Every way an error (or anything else) may end up shown to a person or a log collector, so a
// test can search all of them for what must not be there.
import { Console } from "node:console";
import { Writable } from "node:stream";
import { inspect } from "node:util";

/** What console.log prints for these arguments, captured instead of written to stdout. */
export function consoleLogOutput(...args: unknown[]): string {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink, colorMode: false }).log(...args);
  return text;
}

/** Message, stack, String(), JSON, a full inspection with hidden properties, and console.log. */
export function renderings(error: unknown): Record<string, string> {
  const err = error as Error;
  return {
    message: err.message,
    stack: String(err.stack),
    "String()": String(err),
    "JSON.stringify": JSON.stringify(err),
    "util.inspect": inspect(err, { showHidden: true, depth: Infinity }),
    "console.log": consoleLogOutput(err),
  };
}

/** Whatever a call rejected with; fails the test when the call succeeded or threw a non-Error. */
export async function caught(call: Promise<unknown>): Promise<Error> {
  const error: unknown = await call.then(
    () => new Error("the call succeeded, but it was expected to fail"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error(`the call rejected with a non-Error: ${String(error)}`);
  return error;
}
