// The process edge: real streams, real environment, real exit code.
import { readFileSync } from "node:fs";
import { runCli } from "./main.js";
import { loadKb } from "./kb-load.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

// A reader that goes away (`cudafix --help | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  loadKb: () => loadKb(),
  version: pkg.version,
  onSignals: (signals, handler) => {
    const bound = signals.map((sig) => [sig, () => handler(sig)] as const);
    for (const [sig, fn] of bound) process.on(sig, fn);
    return () => {
      for (const [sig, fn] of bound) process.off(sig, fn);
    };
  },
});
process.exitCode = code;
