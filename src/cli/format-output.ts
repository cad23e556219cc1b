// Writing the reports: the format the options ask for (a row of core's table, src/core/render), GitHub's
// `::stop-commands::` and step summary, and which stream each output goes to (the lines around a root cause
// come with the diagnosis: core/context.ts). The renderers themselves are pure; this module does the I/O they must not do.

import { appendFile } from "node:fs/promises";
import { FORMATS, rendererFor, type RenderedLog, type Renderer, type RenderOptions } from "../core/render/index.js";
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
