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

// Output that cannot be written is never a crash: a reader that goes away (`| head -1`, EPIPE) ends the
// output quietly; a full disk or an I/O error (ENOSPC, EIO) on stdout is said once on stderr and makes the
// exit code 2 (under `run`, the build's own code still wins). The build itself is never stopped by it.
let stdoutFailed: string | null = null;
const isRun = argv.find((a) => !a.startsWith("-")) === "run";
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  const code = e.code ?? "error";
  if (stdoutFailed !== null || code === "ERR_STREAM_DESTROYED") return;
  stdoutFailed = code;
  if (code === "EPIPE") return;
  if (!isRun) process.exitCode = 2;
  try {
    process.stderr.write(`cudafix: cannot write to standard output (${code}); the rest of the output is lost\n`);
  } catch {
    /* stderr is gone too */
  }
});
process.stderr.on("error", () => {
  /* nowhere left to say it */
});

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
process.exitCode = stdoutFailed !== null && stdoutFailed !== "EPIPE" && !isRun ? 2 : code;
