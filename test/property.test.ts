// Property tests: for random byte streams cut into random chunks, the CLI's passthrough is byte-identical,
// nothing throws, and every reported line number lies within the input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Readable, Writable } from "node:stream";
import { join } from "node:path";
import { runCli, type CliDeps } from "../src/cli/main.js";
import { loadKb } from "../src/cli/kb-load.js";
import { Engine } from "../src/core/analyze.js";

const kb = loadKb(join(import.meta.dirname, "..", "dist", "kb.json"));
const engine = new Engine(kb);

// Bytes weighted towards what breaks line handling: \n, \r, NUL, invalid UTF-8, multi-byte starts,
// plus fragments of real error lines so that findings happen.
const piece = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.constant(new Uint8Array([0xff, 0xfe, 0xc3])), // invalid UTF-8 and a cut sequence
  fc.constantFrom(...[
    "\n", "\r", "\r\n", "\x00", "错误", "\x1b[31m",
    "nvcc fatal   : Unsupported gpu architecture 'compute_50'",
    "ninja: build stopped: subcommand failed.",
    "warning #177-D: variable \"x\" was declared but never referenced",
    "ValueError: Unknown CUDA arch (13.5) or GPU not supported",
  ].map((s) => new Uint8Array(Buffer.from(s)))),
);
const stream = fc.array(piece, { maxLength: 30 }).map((parts) => Buffer.concat(parts));

function countLines(b: Buffer): number {
  let n = 0;
  for (const x of b) if (x === 10) n++;
  return b.length && b[b.length - 1] !== 10 ? n + 1 : n;
}

function sink() {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { w, bytes: () => Buffer.concat(chunks) };
}

describe("properties", () => {
  it("the engine never throws and reports lines within the input", () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 17 }), (input, size) => {
        const a = engine.analyzer();
        for (let i = 0; i < input.length; i += size) a.push(input.subarray(i, i + size));
        const r = a.end();
        // UTF-16 logs (a BOM, or NUL-heavy text) are counted in decoded text: a 0x0A byte inside a UTF-16
        // character is not a newline there.
        const max =
          r.stats.encoding === "utf-8"
            ? countLines(input)
            : countLines(Buffer.from(new TextDecoder(r.stats.encoding).decode(input)));
        expect(r.stats.lines).toBe(max);
        for (const f of [...r.findings, ...r.symptoms, ...r.unrecognized]) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.line).toBeLessThanOrEqual(max);
        }
        if (r.rootCause) expect(r.rootCause.line).toBeLessThanOrEqual(max);
      }),
      { numRuns: 400 },
    );
  });

  it("pipe mode passes any byte stream through unchanged, in any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(stream, fc.integer({ min: 1, max: 64 }), async (input, size) => {
        const chunks: Buffer[] = [];
        for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size));
        const out = sink();
        const err = sink();
        const deps: CliDeps = {
          stdin: Readable.from(chunks),
          stdout: out.w,
          stderr: err.w,
          env: { NO_COLOR: "1" },
          loadKb: () => kb,
          version: "test",
        };
        const code = await runCli(["--no-verify"], deps);
        expect([0, 1]).toContain(code);
        expect(Buffer.compare(out.bytes(), input)).toBe(0);
        expect(err.bytes().toString()).not.toMatch(/internal error/);
      }),
      { numRuns: 150 },
    );
  });
});
