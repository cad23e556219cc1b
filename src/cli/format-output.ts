// The report formats other than text and JSON (`--format github|sarif|markdown`): choosing the format,
// keeping the lines around the root cause for the Markdown report, and writing the outputs. The renderers
// themselves are pure and live in src/core; this module does the I/O they must not do.

import { appendFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Engine } from "../core/analyze.js";
import { LineDecoder, type RawLine } from "../core/decode.js";
import { renderGithub } from "../core/render-github.js";
import { renderMarkdown, type ContextLine } from "../core/render-markdown.js";
import { renderSarif } from "../core/render-sarif.js";
import type { Finding, Report, Signature } from "../core/types.js";

export const FORMATS = ["text", "json", "github", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  json?: boolean;
  format?: string;
  annotateHarmless?: boolean;
  docsUrl?: string;
}

/** `--json` is `--format json`; the two may not disagree. Returns an error message, or the format. */
export function chooseFormat(opts: FormatOptions): Format | { error: string } {
  const f = (opts.format ?? (opts.json ? "json" : "text")) as Format;
  if (!FORMATS.includes(f)) return { error: `unknown format ${opts.format}: use one of ${FORMATS.join(", ")}` };
  if (opts.json && f !== "json") return { error: `--json and --format ${f} disagree: give one of them` };
  return f;
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
   * Watches a stream that another reader consumes (pipe mode) and returns an engine whose analyzers pin
   * every fatal finding here. Attach before the reader, so each chunk is here when its findings come.
   */
  watch(eng: Engine, input: Readable): Engine {
    input.on("data", (chunk: Buffer) => this.push(chunk));
    input.on("end", () => this.end());
    const tapped = Object.create(eng) as Engine;
    tapped.analyzer = (options = {}) =>
      eng.analyzer({
        ...options,
        onFinding: (f: Finding) => {
          if (f.severity === "fatal") this.pin(f.line);
          options.onFinding?.(f);
        },
      });
    return tapped;
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

export interface FormattedLog {
  readonly source: string;
  readonly report: Report;
  readonly context?: readonly ContextLine[];
}

export interface EmitContext {
  readonly notes: ReadonlyMap<string, Signature>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly version: string;
  readonly out: (s: string) => unknown;
  readonly warn: (s: string) => unknown;
  /** `::stop-commands::TOKEN` lines the log passed through left open: ended before the annotations. */
  readonly stopTokens?: readonly string[];
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

export function markdownFor(logs: readonly FormattedLog[], ctx: EmitContext, headingLevel = 2): string {
  const users = usersToMask(ctx.env);
  return logs
    .map((l) =>
      renderMarkdown(l.report, ctx.notes, {
        source: l.source === "-" ? "the log (stdin)" : l.source,
        users,
        version: ctx.version,
        headingLevel,
        ...(l.context ? { context: l.context } : {}),
      }),
    )
    .join("\n---\n\n");
}

/** Writes one of the document formats on stdout; for `github`, also appends the step summary when GitHub asks for one. */
export async function emitFormatted(format: "github" | "sarif" | "markdown", logs: readonly FormattedLog[], opts: FormatOptions, ctx: EmitContext): Promise<void> {
  if (format === "sarif") {
    const log = renderSarif(logs, ctx.notes, { version: ctx.version, ...(opts.docsUrl ? { docsUrl: opts.docsUrl } : {}) });
    ctx.out(JSON.stringify(log, null, 2) + "\n");
  } else if (format === "markdown") {
    ctx.out(markdownFor(logs, ctx));
  } else {
    for (const token of ctx.stopTokens ?? []) ctx.out(`::${token}::\n`);
    ctx.out(renderGithub(logs, ctx.notes, { annotateHarmless: opts.annotateHarmless === true }));
    const summaryPath = ctx.env.GITHUB_STEP_SUMMARY;
    if (summaryPath) {
      try {
        await appendFile(summaryPath, `${markdownFor(logs, ctx)}\n`, "utf8");
      } catch (e) {
        // The annotations are out already; a summary that cannot be written is worth a line, not a failure.
        ctx.warn(`cudafix: cannot write the step summary to ${summaryPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      }
    }
  }
}

/**
 * The lines around each log's root cause: from the recorder that watched stdin, or by reading a saved
 * log again up to a few lines past the cause (the first pass kept no lines, to stay in bounded memory).
 */
export async function withContext(
  reports: readonly { source: string; report: Report }[],
  stdin: ContextRecorder | null,
  open: (path: string) => Readable,
): Promise<FormattedLog[]> {
  const out: FormattedLog[] = [];
  for (const { source, report } of reports) {
    const line = report.rootCause?.line;
    let context: readonly ContextLine[] | undefined;
    if (line !== undefined) {
      if (source === "-") context = stdin?.window(line);
      else {
        try {
          context = (await ContextRecorder.fromStream(open(source), [line])).window(line);
        } catch {
          context = undefined; // the report still names the line; the context is a convenience
        }
      }
    }
    out.push(context ? { source, report, context } : { source, report });
  }
  return out;
}
