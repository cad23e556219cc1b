// The paste page's Web Worker: core's Engine on the whole log, off the page's thread. The log arrives as
// bytes (transferred, not copied), is fed to the analyzer in 1 MiB chunks with progress reports, and
// goes back to the page with the byte offset of every line start, for the log view.
import { Engine } from "../../core/analyze.js";
import type { KnowledgeBase, Report } from "../../core/types.js";

export type ToWorker = { type: "init"; kb: KnowledgeBase } | { type: "analyze"; id: number; buf: ArrayBuffer };
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
  if (!engine) {
    scope.postMessage({ type: "error", id: msg.id, message: "the matcher is not ready" });
    return;
  }
  try {
    const t0 = performance.now();
    const bytes = new Uint8Array(msg.buf);
    const analyzer = engine.analyzer();
    let starts = new Uint32Array(1 << 16);
    let lines = 1;
    starts[0] = 0;
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const chunk = bytes.subarray(at, Math.min(at + CHUNK, bytes.length));
      analyzer.push(chunk);
      // Line starts: after every \n byte (a line is what lies between two \n, as grep -n counts).
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
        if (lines === starts.length) {
          const grown = new Uint32Array(starts.length * 2);
          grown.set(starts);
          starts = grown;
        }
        starts[lines++] = at + i + 1;
      }
      scope.postMessage({ type: "progress", id: msg.id, done: Math.min(at + CHUNK, bytes.length), total: bytes.length });
    }
    const report = analyzer.end();
    // A final \n ends the last line; it does not start another.
    if (lines > 1 && starts[lines - 1] === bytes.length) lines--;
    const exact = starts.slice(0, lines);
    scope.postMessage({ type: "done", id: msg.id, report, buf: msg.buf, starts: exact, lines, ms: performance.now() - t0 }, [msg.buf, exact.buffer]);
  } catch (e) {
    scope.postMessage({ type: "error", id: msg.id, message: (e as Error).message });
  }
};
