// `cudafix [FILE...]`, the main command: build logs from files or stdin (pipe mode: the build's output passes
// through unchanged while it is read, fatal lines are alerted on stderr as they pass), each diagnosed by
// core's pipeline as it streams, then written in the format the options ask for.

import type { Command } from "commander";
import { createReadStream, statSync } from "node:fs";
import type { Engine } from "../core/analyze.js";
import { diagnosis, type Diagnosis } from "../core/diagnose.js";
import type { ContextLine, RenderedLog, Renderer } from "../core/render/index.js";
import type { Report } from "../core/types.js";
import { UsageError, useColor, type CliDeps } from "./deps.js";
import { StopCommandWatcher } from "./format-output.js";
import { liveAlerts, passThrough } from "./live.js";
import { closestWord, looksLikeCommand, Progress } from "./manners.js";
import { exitCodeFor, type Reporting, type ReportOptions } from "./reporting.js";

export interface LogContext {
  readonly deps: CliDeps;
  readonly engine: () => Engine;
  readonly reporting: Reporting;
  /** The program, for "did you mean" on a mistyped command. */
  readonly program: Command;
}

export interface LogOptions extends ReportOptions {
  copy?: boolean;
  osc52?: boolean;
  debug?: boolean;
}

export async function diagnoseLogs(ctx: LogContext, files: string[], opts: LogOptions): Promise<number> {
  const { deps, reporting, program } = ctx;
  const sources = files.length ? files : ["-"];
  // `cudafix doctr`: a mistyped command, not a log file.
  const first = sources[0]!;
  if (looksLikeCommand(first) && !exists(first)) {
    const guess = closestWord(first, program.commands.map((c) => c.name()).concat("help"));
    throw new UsageError(`unknown command '${first}' ${guess ? `(did you mean ${guess}?)` : "(cudafix help lists the commands)"}`);
  }
  if (sources.filter((f) => f === "-").length > 1) throw new UsageError("stdin (-) can be read only once");
  if (sources.length === 1 && sources[0] === "-" && deps.stdin.isTTY) {
    throw new UsageError("no log given: pipe a build into cudafix (BUILD 2>&1 | cudafix) or name a FILE (cudafix help shows more)");
  }
  for (const f of sources) if (f !== "-") checkReadable(f);
  const eng = ctx.engine();
  const renderer = reporting.format(opts);
  const stops = renderer.workflowCommands ? new StopCommandWatcher() : null;
  const logs: RenderedLog[] = [];
  for (const source of sources) {
    const { report, context } = source === "-" ? await readStdin(ctx, eng, opts, renderer, stops) : await readFile(ctx, eng, source, opts, renderer);
    logs.push({ input: source, source, label: source === "-" ? "the log" : source, report, ...(context ? { context } : {}) });
  }
  await reporting.emit(renderer, logs, opts, (l) => l.input === "-", { stopTokens: stops?.end() ?? [] });
  // After the report, so that "copied" is the last word.
  if (opts.copy) await reporting.copy(logs.map((l) => l.report), opts);
  return Math.max(...logs.map((l) => exitCodeFor(l.report, opts.failOn)));
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function checkReadable(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `cannot read ${path}: no such file` : `cannot read ${path}: ${code ?? String(e)}`);
  }
  if (st.isDirectory()) throw new UsageError(`cannot read ${path}: it is a directory, not a log file`);
}

/** A log's report, and the lines around its root cause when the format shows them. */
interface Diagnosed {
  readonly report: Report;
  readonly context: readonly ContextLine[] | undefined;
}

async function finish(d: Diagnosis): Promise<Diagnosed> {
  const report = await d.end();
  return { report, context: d.contextOf(report) };
}

function readFile(ctx: LogContext, eng: Engine, path: string, opts: LogOptions, renderer: Renderer): Promise<Diagnosed> {
  const { deps } = ctx;
  const d = diagnosis(eng, ctx.reporting.diagnoseOptions(opts, renderer));
  const stream = deps.openFile ? deps.openFile(path) : createReadStream(path, { highWaterMark: 1 << 20 });
  const progress = deps.stderr.isTTY ? new Progress(deps.stderr, path, sizeOf(deps, path)) : null;
  return new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      d.push(chunk);
      progress?.advance(chunk.length);
    });
    stream.on("error", (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${path}: ${e.code ?? e.message}`)));
    stream.on("end", () => resolve());
  })
    .finally(() => progress?.done())
    .then(() => finish(d));
}

function sizeOf(deps: CliDeps, path: string): number | null {
  try {
    return deps.fileSize ? deps.fileSize(path) : statSync(path).size;
  } catch {
    return null;
  }
}

/**
 * Pipe mode: the log passes through unchanged while it is read: to stdout, or to stderr when the report is
 * a document (JSON, SARIF, ...) that needs stdout; a text report also alerts on stderr as fatal lines pass.
 */
async function readStdin(ctx: LogContext, eng: Engine, opts: LogOptions, renderer: Renderer, stops: StopCommandWatcher | null): Promise<Diagnosed> {
  const { deps } = ctx;
  const document = renderer.document;
  const color = opts.color !== false && useColor(deps.stderr, deps.env);
  const onFinding = document ? undefined : liveAlerts(eng, (s) => void deps.stderr.write(s), color);
  const d = diagnosis(eng, ctx.reporting.diagnoseOptions(opts, renderer, onFinding ? { onFinding } : {}));
  // Ctrl-C reaches the build too; cudafix keeps reading until the build's output ends, then reports.
  let interrupts = 0;
  const detach = deps.onSignals?.(["SIGINT", "SIGTERM"], () => {
    if (++interrupts > 1) deps.stdin.destroy();
  }) ?? (() => {});
  try {
    await passThrough(deps.stdin, document ? deps.stderr : deps.stdout, stops ? (c) => (stops.push(c), d.push(c)) : (c) => d.push(c));
  } finally {
    detach();
  }
  return finish(d);
}
