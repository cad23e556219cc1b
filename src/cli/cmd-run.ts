// `cudafix run -- CMD ARGS...`: runs the build without a shell, passes its stdout and stderr through
// unchanged, diagnoses the combined output, and exits with the build's own exit code (128+N for a signal).

import { spawn } from "node:child_process";
import { constants } from "node:os";
import { Option, type Command } from "commander";
import type { Engine } from "../core/analyze.js";
import { diagnosis } from "../core/diagnose.js";
import { FORMATS } from "../core/render/index.js";
import { StopCommandWatcher } from "./format-output.js";
import { LineMerger, liveAlerts, passThrough } from "./live.js";
import { failOnOption } from "./manners.js";
import { UsageError, useColor, type CliDeps } from "./deps.js";
import { exitCodeFor, type Reporting, type ReportOptions } from "./reporting.js";

export interface RunContext {
  readonly deps: CliDeps;
  readonly engine: () => Engine;
  readonly setExit: (code: number) => void;
  readonly reporting: Reporting;
}

export function registerRun(program: Command, ctx: RunContext): void {
  program
    .command("run")
    .description("run the build, stream its output unchanged, diagnose it, exit with the build's exit code")
    .argument("<command>", "the build command (no shell: use run -- sh -c '...' for shell syntax)")
    .argument("[args...]", "its arguments, passed as they are")
    .option("--json", "print the JSON report on stdout (the build's stdout then goes to stderr)")
    .addOption(new Option("--format <format>", "report as text, json, github, sarif or markdown (not text: on stdout; the build's stdout goes to stderr)").choices([...FORMATS]))
    .option("--annotate-harmless", "--format github: also annotate harmless warnings, as notices")
    .option("--docs-url <url>", "--format sarif: base URL of the docs site, for each rule's help link")
    .option("--no-verify", "do not probe this machine's toolchain")
    .option("--python <path>", "the Python that builds (default: the active venv/conda env, else python3)")
    .option("--project <dir>", "the extension's folder, for the live checks (default: the current folder)")
    .option("--copy", "copy the fix commands to the clipboard")
    .option("--no-osc52", "--copy: never ask the terminal to copy (OSC 52) when no clipboard tool exists")
    .addOption(failOnOption().default(undefined, "the build's own exit code"))
    .option("--no-color", "no colours")
    .passThroughOptions()
    .action(async (command: string, args: string[], opts: ReportOptions) => {
      ctx.setExit(await runBuild(ctx, command, args, opts));
    });
}

async function runBuild(ctx: RunContext, command: string, args: string[], opts: ReportOptions): Promise<number> {
  const { deps, reporting } = ctx;
  const engine = ctx.engine();
  const renderer = reporting.format(opts);
  // The document formats keep stdout for the document, as --json does.
  const json = renderer.document;
  const color = opts.color !== false && useColor(deps.stderr, deps.env);
  const onFinding = json ? undefined : liveAlerts(engine, (s) => void deps.stderr.write(s), color);
  const d = diagnosis(engine, reporting.diagnoseOptions(opts, renderer, onFinding ? { onFinding } : {}));
  // A CI runner obeys the workflow commands the build prints: the tokens it leaves open are ended first.
  const stops = renderer.workflowCommands ? new StopCommandWatcher() : null;
  const merger = new LineMerger(stops ? { push: (c) => (stops.push(Buffer.from(c.buffer, c.byteOffset, c.length)), d.push(c)) } : d);

  const child = spawn(command, args, { stdio: ["inherit", "pipe", "pipe"], env: { ...deps.env } as NodeJS.ProcessEnv });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", (e: NodeJS.ErrnoException) => {
      reject(new UsageError(e.code === "ENOENT" ? `cannot run ${command}: command not found` : `cannot run ${command}: ${e.code ?? e.message}`));
    });
  });
  try {
    await spawned;
  } catch (e) {
    deps.stderr.write(`cudafix: ${(e as Error).message}\n`);
    return 127;
  }
  // Ctrl-C and SIGTERM go to the build; cudafix stays to print what it has.
  const forward = (sig: NodeJS.Signals) => () => void child.kill(sig);
  const detach = deps.onSignals?.(["SIGINT", "SIGTERM", "SIGHUP"], (sig) => forward(sig)()) ?? (() => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  await Promise.all([
    passThrough(child.stdout, json ? deps.stderr : deps.stdout, (c) => merger.push(1, c)),
    passThrough(child.stderr, deps.stderr, (c) => merger.push(2, c)),
  ]);
  const { code, signal } = await exited;
  detach();
  merger.flush();
  const report = await d.end();
  const status = signal ? 128 + (constants.signals[signal] ?? 0) : code ?? 1;
  // The build's own verdict goes with the report: a failed build is never "no fatal error found".
  const buildExit = status === 0 ? undefined : signal ? `was killed by ${signal}` : `exited ${status}`;
  const label = `the output of ${command}`;
  const context = d.contextOf(report);
  await reporting.emit(renderer, [{ input: [command, ...args].join(" "), source: label, label, report, ...(context ? { context } : {}) }], { ...opts, buildExit }, () => true, { stopTokens: stops?.end() ?? [] });
  if (opts.copy) await reporting.copy([report], opts);
  const verdict = exitCodeFor(report, opts.failOn);
  // The text report says it when no note explains the failure; otherwise (or in another format) one line here.
  if (buildExit && (report.rootCause || renderer.document)) {
    deps.stderr.write(`cudafix: ${command} ${signal ? `was killed by ${signal}` : `exited with ${status}`}${report.rootCause ? "" : "; no line of its output is a known cause"}\n`);
  }
  // The build's own code; with --fail-on, a build that exited 0 still fails on what its output shows.
  if (status === 0 && opts.failOn !== undefined) return verdict;
  return status;
}
