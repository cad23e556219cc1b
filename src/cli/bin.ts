// The process edge: real streams, real environment, real exit code.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
const argv = process.argv.slice(2);

// `--version` alone needs none of the rest: answer before loading commander, the core and the knowledge base.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${pkg.version}\n`, () => process.exit(0));
  await new Promise(() => {}); // ends with the write
}

// Everything else loads only now (the core, fuse.js and the knowledge base load when a log is read).
const { runCli } = await import("./main.js");
const { loadKb } = await import("./kb-load.js");

// A reader that goes away (`cudafix --help | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

const code = await runCli(argv, {
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
