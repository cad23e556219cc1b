// Writing the reports: the format the options ask for (a row of core's table, src/core/render), the lines
// around the root cause for the formats that show them, GitHub's `::stop-commands::` and step summary, and
// which stream each output goes to. The renderers themselves are pure; this module does the I/O they must not do.

import { appendFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { LineDecoder, type RawLine } from "../core/decode.js";
import { FORMATS, rendererFor, type ContextLine, type RenderedLog, type Renderer, type RenderOptions } from "../core/render/index.js";
import type { Finding } from "../core/types.js";
import { textWidth, useColor, type CliDeps, type OutStream } from "./deps.js";

export interface FormatOptions {
  json?: boolean;
  format?: string;
  annotateHarmless?: boolean;
  docsUrl?: string;
  color?: boolean;
  verbose?: boolean;
}

/** `--json` is `--format json`; the two may not disagree. Returns an error message, or the format's renderer. */
export function chooseFormat(opts: FormatOptions): Renderer | { error: string } {
  const f = opts.format ?? (opts.json ? "json" : "text");
  const renderer = rendererFor(f);
  if (!renderer) return { error: `unknown format ${opts.format}: use one of ${FORMATS.join(", ")}` };
  if (opts.json && f !== "json") return { error: `--json and --format ${f} disagree: give one of them` };
  return renderer;
}

/** Lines kept on each side of the root cause in the Markdown report. */
export const CONTEXT_RADIUS = 3;

/**
 * Keeps the lines around fatal findings while a log streams past, in bounded memory: a ring of recent
 * lines (findings are reported a little after their line, once the lines they look ahead at have come) and
 * a window per pinned line. The lines come from core's `LineDecoder`, the decoder the report's lines come
 * from, so every format shows the same text and the same line numbers (GBK per line, UTF-16 per stream).
 */
export class ContextRecorder {
  private readonly ring: (string | undefined)[];
  private lineNo = 0;
  private readonly windows = new Map<number, ContextLine[]>();
  private readonly take = (l: RawLine): void => this.finishLine(l);
  private static readonly MAX_LINE = 2000;
  private readonly decoder = new LineDecoder({ maxLineBytes: ContextRecorder.MAX_LINE });

  constructor(
    readonly radius = CONTEXT_RADIUS,
    private readonly ringSize = 512,
    private readonly maxWindows = 64,
  ) {
    this.ring = new Array<string | undefined>(ringSize);
  }

  /** Asks for the lines around `line`; answered from the ring if the line has passed, else as it comes. */
  pin(line: number): void {
    if (this.windows.has(line) || this.windows.size >= this.maxWindows) return;
    const w: ContextLine[] = [];
    for (let n = Math.max(1, line - this.radius); n <= Math.min(this.lineNo, line + this.radius); n++) {
      if (this.lineNo - n < this.ringSize) w.push({ line: n, text: this.ring[n % this.ringSize] ?? "" });
    }
    this.windows.set(line, w);
  }

  push(chunk: Uint8Array): void {
    this.decoder.push(chunk, this.take);
  }

  end(): void {
    this.decoder.end(this.take);
  }

  window(line: number): ContextLine[] | undefined {
    const w = this.windows.get(line);
    return w?.length ? w : undefined;
  }

  private finishLine({ no: n, text: raw }: RawLine): void {
    const text = raw.replace(/\r$/, "");
    this.lineNo = n;
    this.ring[n % this.ringSize] = text;
    for (const [at, w] of this.windows) if (n > at - this.radius - 1 && n <= at + this.radius && !w.some((l) => l.line === n)) w.push({ line: n, text });
  }

  /**
   * Watches a stream that another reader consumes (pipe mode); the returned listener, given to the analysis
   * as its `onFinding`, pins every fatal finding here (then calls `next`). Attach before the reader, so each
   * chunk is here when its findings come.
   */
  watch(input: Readable, next?: (f: Finding) => void): (f: Finding) => void {
    input.on("data", (chunk: Buffer) => this.push(chunk));
    input.on("end", () => this.end());
    return (f) => {
      if (f.severity === "fatal") this.pin(f.line);
      next?.(f);
    };
  }

  /** Reads a saved log again for the lines around `lines` (the root causes, known after the first pass). */
  static async fromStream(input: Readable, lines: readonly number[], radius = CONTEXT_RADIUS): Promise<ContextRecorder> {
    const rec = new ContextRecorder(radius);
    for (const l of lines) rec.pin(l);
    const last = Math.max(0, ...lines) + radius;
    await new Promise<void>((resolve, reject) => {
      input.on("data", (chunk: Buffer) => {
        rec.push(chunk);
        if (rec.lineNo > last) {
          input.destroy();
          resolve();
        }
      });
      input.on("error", reject);
      input.on("end", () => {
        rec.end();
        resolve();
      });
      input.on("close", () => resolve());
    });
    return rec;
  }
}

/**
 * Watches a log that passes through to a GitHub runner for `::stop-commands::TOKEN`, after which the runner
 * ignores workflow commands until `::TOKEN::`. The tokens still open at the end are ended before cudafix
 * writes its own annotations, so a log cannot hide them. Bounded: a line is looked at in its first 4 KiB.
 */
export class StopCommandWatcher {
  private readonly open = new Set<string>();
  private carry = "";
  private skipping = false;

  push(chunk: Buffer): void {
    let text = chunk.toString("latin1");
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      const piece = text.slice(start, nl < 0 ? text.length : nl);
      if (!this.skipping) this.carry += piece.slice(0, 4096 - this.carry.length);
      if (this.carry.length >= 4096) this.skipping = true;
      if (nl < 0) break;
      this.line(this.carry);
      this.carry = "";
      this.skipping = false;
      start = nl + 1;
    }
    text = "";
  }

  end(): string[] {
    if (this.carry) this.line(this.carry);
    this.carry = "";
    return [...this.open];
  }

  private line(raw: string): void {
    const s = raw.replace(/\r$/, "").trimStart();
    const stop = /^::stop-commands::(\S+)\s*$/.exec(s);
    if (stop) {
      if (this.open.size < 64) this.open.add(stop[1]!);
      return;
    }
    const resume = /^::(\S+?)::\s*$/.exec(s);
    if (resume) this.open.delete(resume[1]!);
  }
}

/** User names to mask in the Markdown: this machine's own, wherever it appears. */
export function usersToMask(env: Readonly<Record<string, string | undefined>>): string[] {
  return [env.USER, env.USERNAME, env.LOGNAME].filter((u): u is string => !!u);
}

/**
 * The lines around each log's root cause: from the recorder that watched stdin, or by reading a saved
 * log again up to a few lines past the cause (the first pass kept no lines, to stay in bounded memory).
 */
export async function withContext(logs: readonly RenderedLog[], stdin: ContextRecorder | null, open: (path: string) => Readable): Promise<RenderedLog[]> {
  const out: RenderedLog[] = [];
  for (const log of logs) {
    const line = log.report.rootCause?.line;
    let context: readonly ContextLine[] | undefined;
    if (line !== undefined && log.input !== null) {
      if (log.input === "-") context = stdin?.window(line);
      else {
        try {
          context = (await ContextRecorder.fromStream(open(log.input), [line])).window(line);
        } catch {
          context = undefined; // the report still names the line; the context is a convenience
        }
      }
    }
    out.push(context ? { ...log, context } : log);
  }
  return out;
}

export interface EmitSettings {
  readonly deps: CliDeps;
  /** What every format reads besides the logs (the notes, versions); the style is set here per stream. */
  readonly options: Omit<RenderOptions, "style" | "users">;
  readonly opts: FormatOptions;
  /** Whether a log's own output went to stdout (pipe mode, run): its text report then goes to stderr. */
  readonly streamed: (log: RenderedLog) => boolean;
}

/**
 * Writes the reports in one format. A document goes to stdout whole (GitHub's also to the step summary when
 * the runner asks for one); the text report goes log by log to the terminal the person reads.
 */
export async function emitReports(renderer: Renderer, logs: readonly RenderedLog[], s: EmitSettings): Promise<void> {
  const { deps, opts } = s;
  const styled = (stream: OutStream): RenderOptions => ({
    ...s.options,
    users: usersToMask(deps.env),
    style: { color: opts.color !== false && useColor(stream, deps.env), width: textWidth(stream, deps.env), verbose: opts.verbose === true },
  });
  if (!renderer.document) {
    for (const log of logs) {
      const stream = s.streamed(log) ? deps.stderr : deps.stdout;
      if (logs.length > 1) stream.write(`\n${log.input}:\n`);
      stream.write(renderer.render([log], styled(stream)));
    }
    return;
  }
  const options = styled(deps.stdout);
  deps.stdout.write(renderer.render(logs, options));
  const summaryPath = deps.env.GITHUB_STEP_SUMMARY;
  if (renderer.summary && summaryPath) {
    try {
      await appendFile(summaryPath, renderer.summary(logs, options), "utf8");
    } catch (e) {
      // The report is out already; a summary that cannot be written is worth a line, not a failure.
      deps.stderr.write(`cudafix: cannot write the step summary to ${summaryPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    }
  }
}
