// Runs a bench script in a child process and collects the one result it sends over IPC, with a
// hard time limit: a hung child is killed, not waited for.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export function runChild(script, config, { execArgv = [], timeLimitMs }) {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(config)], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let result;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} ran past its ${timeLimitMs} ms limit and was stopped`));
    }, timeLimitMs);
    child.on("message", (message) => {
      if (message.type === "progress") process.stderr.write(message.text);
      else result = message;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0 && result?.type === "result") resolve(result.value);
      else reject(new Error(`${script} exited with code ${code}${result?.type === "error" ? `: ${result.message}` : ""}`));
    });
  });
}

/** In a child: reads the config, runs `main`, and sends its result (or its error) to the parent. */
export async function childMain(main) {
  const config = JSON.parse(process.argv[2]);
  try {
    const value = await main(config);
    process.send({ type: "result", value }, () => process.exit(0));
  } catch (error) {
    process.send({ type: "error", message: error?.stack ?? String(error) }, () => process.exit(1));
  }
}

/** In a child: a line of progress for the parent's stderr. */
export function progress(text) {
  process.send?.({ type: "progress", text });
}
