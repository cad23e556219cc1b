// The lines around the findings that may become a root cause, kept while the log streams past (the
// Markdown report shows them). They come from the decoder that gives the report its lines, in the same
// pass: every format shows the same text and line numbers (GBK per line, UTF-16 per stream). Memory is
// bounded: a ring of the last `radius` lines and at most `maxWindows` windows, each line cut at `maxChars`.

import type { ContextLine } from "./render/renderer.js";

/** Lines kept on each side of the root cause in the Markdown report. */
export const CONTEXT_RADIUS = 3;

export class LineWindows {
  private readonly ringNo: number[] = [];
  private readonly ringText: string[] = [];
  private readonly windows = new Map<number, ContextLine[]>();
  /** Windows still waiting for the lines after their line: the last line each needs. */
  private readonly open = new Map<number, number>();

  constructor(
    readonly radius = CONTEXT_RADIUS,
    private readonly maxWindows = 256,
    private readonly maxChars = 2000,
  ) {}

  /**
   * Keeps the lines around `line` (called when a finding is made on it: its line and the ones before it
   * have been decoded; the ones not yet given to `line`/`region` are added as they come).
   */
  pin(line: number): void {
    if (this.windows.has(line) || this.windows.size >= this.maxWindows) return;
    const w: ContextLine[] = [];
    for (let k = 0; k < this.ringNo.length; k++) {
      const n = this.ringNo[k]!;
      if (n >= line - this.radius && n <= line + this.radius) w.push({ line: n, text: this.ringText[k]! });
    }
    this.windows.set(line, w);
    this.open.set(line, line + this.radius);
  }

  /** One decoded line, in order. */
  line(no: number, text: string): void {
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.length > this.maxChars) text = text.slice(0, this.maxChars);
    if (this.open.size) {
      for (const [at, last] of this.open) {
        if (no >= at - this.radius) this.windows.get(at)!.push({ line: no, text });
        if (no >= last) this.open.delete(at);
      }
    }
    this.ringNo.push(no);
    this.ringText.push(text);
    if (this.ringNo.length > this.radius) {
      this.ringNo.shift();
      this.ringText.shift();
    }
  }

  /** A run of lines, each ended by '\n', the first numbered `firstNo` (only what a window or the ring keeps is cut out). */
  region(text: string, firstNo: number): void {
    let p = 0;
    let no = firstNo;
    // Lines before the tail are needed only by windows open in this run.
    const lines = countLines(text);
    const tailFrom = firstNo + lines - this.radius;
    for (;;) {
      const nl = text.indexOf("\n", p);
      if (nl < 0) break;
      if (no >= tailFrom || this.wanted(no)) this.line(no, text.slice(p, nl));
      p = nl + 1;
      no++;
    }
  }

  /** The lines around `line`, if it was pinned. */
  window(line: number): readonly ContextLine[] | undefined {
    const w = this.windows.get(line);
    return w?.length ? w : undefined;
  }

  private wanted(no: number): boolean {
    for (const [at, last] of this.open) if (no >= at - this.radius && no <= last) return true;
    return false;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let p = text.indexOf("\n"); p >= 0; p = text.indexOf("\n", p + 1)) n++;
  return n;
}
