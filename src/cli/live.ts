// Streams the build's output through unchanged while the analyzer reads it. The passthrough comes first:
// a reader that goes away (EPIPE) stops only the passthrough; a slow reader pauses the input (back-pressure)
// instead of making cudafix buffer without bound.

import type { Readable } from "node:stream";
import type { Engine } from "../core/analyze.js";
import type { Finding } from "../core/types.js";
import type { OutStream } from "./deps.js";

const NL = 0x0a;
const MAX_CARRY = 1 << 20;

/** Pipes `input` to `output` byte for byte, feeding `feed` with the same chunks. Resolves at end of input. */
export function passThrough(input: Readable, output: OutStream | null, feed: (chunk: Buffer) => void): Promise<void> {
  let passing = output !== null;
  let waiting = false;
  output?.on("error", () => {
    // `| head` (EPIPE), a full disk (ENOSPC), an I/O error (EIO): the output is gone. Keep reading, so the
    // build itself is neither killed by SIGPIPE nor blocked on a pipe nobody drains.
    passing = false;
    if (waiting) {
      waiting = false;
      input.resume();
    }
  });
  return new Promise((resolve, reject) => {
    input.on("data", (chunk: Buffer) => {
      if (passing && output && !output.write(chunk)) {
        waiting = true;
        input.pause();
        output.once("drain", () => {
          if (waiting) {
            waiting = false;
            input.resume();
          }
        });
      }
      feed(chunk);
    });
    input.on("error", reject);
    input.on("end", () => resolve());
    input.on("close", () => resolve());
  });
}

/**
 * Merges several streams (a child's stdout and stderr) into one log for the analyzer at line boundaries,
 * so that a line half-written on stdout is not cut by a chunk of stderr.
 */
export class LineMerger {
  private readonly carry = new Map<number, Buffer>();
  constructor(private readonly analyzer: { push(chunk: Uint8Array): void }) {}

  push(source: number, chunk: Buffer): void {
    let data = this.carry.get(source);
    data = data ? Buffer.concat([data, chunk]) : chunk;
    const last = data.lastIndexOf(NL);
    if (last < 0 && data.length < MAX_CARRY) {
      this.carry.set(source, data);
      return;
    }
    const cut = last < 0 ? data.length : last + 1;
    this.analyzer.push(data.subarray(0, cut));
    if (cut < data.length) this.carry.set(source, data.subarray(cut));
    else this.carry.delete(source);
  }

  /** End of all sources: unfinished last lines become lines of their own. */
  flush(): void {
    for (const data of this.carry.values()) {
      this.analyzer.push(data);
      this.analyzer.push(Buffer.from([NL]));
    }
    this.carry.clear();
  }
}

/** A one-line alert on stderr the moment a fatal line is seen, while the build still runs. */
export function liveAlerts(engine: Engine, write: (s: string) => void, color: boolean): (f: Finding) => void {
  const alerted = new Set<string>();
  return (f) => {
    if (f.severity !== "fatal" || alerted.has(f.id)) return;
    alerted.add(f.id);
    const title = engine.matcher.byId.get(f.id)?.title ?? f.id;
    const tag = color ? "\x1b[31mcudafix:\x1b[39m" : "cudafix:";
    write(`${tag} line ${f.line} looks fatal: ${title} [${f.id}]\n`);
  };
}
