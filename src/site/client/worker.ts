// The paste page's Web Worker: core's pipeline (diagnosis) on the whole log, off the page's thread. The log arrives as
// a File (streamed here in chunks: the page never holds it), as pasted text (sent once and encoded here),
// or as bytes (transferred, not copied). It is fed to the analyzer chunk by chunk with progress reports,
// and goes back to the page as bytes with the byte offset of every line start, for the log view.
import { Engine } from "../../core/analyze.js";
import { diagnosis, type Diagnosis } from "../../core/diagnose.js";
import type { KnowledgeBase, Report } from "../../core/types.js";

export type ToWorker =
  | { type: "init"; kb: KnowledgeBase }
  | { type: "analyze"; id: number; buf: ArrayBuffer }
  | { type: "analyze-file"; id: number; file: File }
  | { type: "analyze-text"; id: number; text: string };
export type FromWorker =
  | { type: "ready"; ms: number }
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "done"; id: number; report: Report; buf: ArrayBuffer; starts: Uint32Array; lines: number; ms: number }
  | { type: "error"; id: number; message: string };

interface WorkerScope {
  onmessage: ((ev: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const CHUNK = 1 << 20;
let engine: Engine | null = null;
/** The newest log asked for: an older one still being read stops at its next chunk. */
let latest = 0;

/** One log, chunk by chunk: the analyzer, the line starts and progress. */
class Run {
  private readonly diagnosis: Diagnosis;
  private starts = new Uint32Array(1 << 16);
  private lines = 1;
  private at = 0;
  private lastProgress = 0;
  private readonly t0 = performance.now();

  constructor(private readonly id: number, private readonly total: number) {
    // Not checked against a machine here: the page checks the report with what is pasted about it (withLive).
    this.diagnosis = diagnosis(engine!);
    this.starts[0] = 0;
  }

  push(chunk: Uint8Array): void {
    this.diagnosis.push(chunk);
    // Line starts: after every \n byte (a line is what lies between two \n, as grep -n counts).
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      if (this.lines === this.starts.length) {
        const grown = new Uint32Array(this.starts.length * 2);
        grown.set(this.starts);
        this.starts = grown;
      }
      this.starts[this.lines++] = this.at + i + 1;
    }
    this.at += chunk.length;
    const now = performance.now();
    if (now - this.lastProgress > 50) {
      this.lastProgress = now;
      scope.postMessage({ type: "progress", id: this.id, done: this.at, total: this.total });
    }
  }

  async end(buf: ArrayBuffer): Promise<void> {
    const report: Report = await this.diagnosis.end();
    let lines = this.lines;
    // A final \n ends the last line; it does not start another.
    if (lines > 1 && this.starts[lines - 1] === this.at) lines--;
    const exact = this.starts.slice(0, lines);
    scope.postMessage({ type: "done", id: this.id, report, buf, starts: exact, lines, ms: performance.now() - this.t0 }, [buf, exact.buffer]);
  }
}

async function analyzeFile(id: number, file: File): Promise<void> {
  const bytes = new Uint8Array(file.size);
  const run = new Run(id, file.size);
  const reader = file.stream().getReader();
  let at = 0;
  let pending: Uint8Array = new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (id !== latest) {
      void reader.cancel();
      return;
    }
    if (done) break;
    bytes.set(value, at);
    at += value.length;
    // Feed the analyzer in chunks of about 1 MiB (the stream hands out 64 KiB pieces).
    pending = pending.length ? concat(pending, value) : value;
    if (pending.length >= CHUNK) {
      run.push(pending);
      pending = new Uint8Array(0);
    }
  }
  if (pending.length) run.push(pending);
  await run.end(at === bytes.length ? bytes.buffer : bytes.slice(0, at).buffer);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function analyzeText(id: number, text: string): Promise<void> {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; encodeInto fills the buffer chunk by chunk.
  const bytes = new Uint8Array(text.length * 3);
  const encoder = new TextEncoder();
  let written = 0;
  const run = new Run(id, text.length);
  const step = CHUNK;
  for (let read = 0; read < text.length; ) {
    let end = Math.min(text.length, read + step);
    // Never split a surrogate pair between two chunks.
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end++;
    const r = encoder.encodeInto(text.slice(read, end), bytes.subarray(written));
    run.push(bytes.subarray(written, written + r.written));
    written += r.written;
    read = end;
  }
  return run.end(bytes.slice(0, written).buffer);
}

scope.onmessage = (ev) => {
  const msg = ev.data;
  if (msg.type === "init") {
    const t0 = performance.now();
    engine = new Engine(msg.kb);
    // Warm the regexes and the search index so the first real log does not pay for it.
    engine.analyze("warm up\nerror: warm up\n");
    scope.postMessage({ type: "ready", ms: performance.now() - t0 });
    return;
  }
  latest = msg.id;
  if (!engine) {
    scope.postMessage({ type: "error", id: msg.id, message: "the matcher is not ready" });
    return;
  }
  const fail = (e: unknown): void => scope.postMessage({ type: "error", id: msg.id, message: (e as Error).message ?? String(e) });
  try {
    if (msg.type === "analyze-file") {
      analyzeFile(msg.id, msg.file).catch(fail);
    } else if (msg.type === "analyze-text") {
      analyzeText(msg.id, msg.text).catch(fail);
    } else {
      const bytes = new Uint8Array(msg.buf);
      const run = new Run(msg.id, bytes.length);
      for (let at = 0; at < bytes.length; at += CHUNK) run.push(bytes.subarray(at, Math.min(at + CHUNK, bytes.length)));
      run.end(msg.buf).catch(fail);
    }
  } catch (e) {
    fail(e);
  }
};
