import { describe, expect, it } from "vitest";
import { LineDecoder, sniffEncoding } from "../src/core/decode.js";

function decode(input: Uint8Array, chunkSize = input.length || 1, maxLineBytes?: number) {
  const d = new LineDecoder(maxLineBytes ? { maxLineBytes } : {});
  const lines: { no: number; text: string }[] = [];
  for (let i = 0; i < input.length; i += chunkSize) d.push(input.subarray(i, i + chunkSize), (l) => lines.push(l));
  d.end((l) => lines.push(l));
  return { lines, stats: d.stats };
}
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("LineDecoder", () => {
  it("numbers lines as grep -n does: between \\n bytes, a last line without \\n counts", () => {
    expect(decode(utf8("a\nb\nc")).lines).toEqual([
      { no: 1, text: "a" },
      { no: 2, text: "b" },
      { no: 3, text: "c" },
    ]);
    expect(decode(utf8("a\n")).lines).toEqual([{ no: 1, text: "a" }]);
    expect(decode(utf8("")).lines).toEqual([]);
    expect(decode(utf8("\n\n")).lines.map((l) => l.no)).toEqual([1, 2]);
  });

  it("gives the same lines whatever the chunk boundaries", () => {
    const input = utf8("héllo wörld\r\n错误: 无法打开\nprogress 10%\rprogress 100%\nlast");
    const whole = decode(input).lines;
    for (const size of [1, 2, 3, 5, 7]) expect(decode(input, size).lines).toEqual(whole);
  });

  it("keeps \\r inside a line (progress bars do not start a new line number)", () => {
    const { lines } = decode(utf8("10%\r50%\r100%\nnext\r\n"));
    expect(lines).toEqual([
      { no: 1, text: "10%\r50%\r100%" },
      { no: 2, text: "next\r" },
    ]);
  });

  it("decodes GBK bytes from Chinese-locale Windows tools instead of failing", () => {
    // "错误" in GBK is B4 ED CE F3
    const gbk = new Uint8Array([0xb4, 0xed, 0xce, 0xf3, 0x3a, 0x20, 0x78, 0x0a, 0x6f, 0x6b]);
    const { lines, stats } = decode(gbk, 3);
    expect(lines[0]!.text).toBe("错误: x");
    expect(lines[1]!.text).toBe("ok");
    expect(stats.legacyDecodedLines).toBe(1);
  });

  it("reads UTF-16 with a BOM (LE and BE) and without one", () => {
    const text = "line one\nline two: 错误\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(decode(le, 5).lines.map((l) => l.text)).toEqual(["line one", "line two: 错误"]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decode(be, 4).lines.map((l) => l.text)).toEqual(["line one", "line two: 错误"]);
    const noBom = Buffer.from(text.repeat(20), "utf16le");
    const r = decode(noBom, 64);
    expect(r.stats.encoding).toBe("utf-16le");
    expect(r.lines[1]!.text).toBe("line two: 错误");
  });

  it("strips a UTF-8 BOM from the first line's text", () => {
    expect(decode(utf8("\uFEFFfirst\n")).lines[0]!.text).toBe("first");
    expect(sniffEncoding(utf8("\uFEFFx")).bomLength).toBe(3);
  });

  it("keeps only the head of a huge line but still counts the lines after it", () => {
    const big = "x".repeat(100_000) + "é" + "\nafter\n";
    const { lines, stats } = decode(utf8(big), 4096, 1000);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.text).toHaveLength(1000);
    expect(lines[1]).toEqual({ no: 2, text: "after" });
    expect(stats.truncatedLines).toBe(1);
  });

  it("does not mistake a multi-byte character cut at the cap for GBK", () => {
    const { lines, stats } = decode(utf8("ab错误错误\n"), 100, 4);
    expect(lines[0]!.text).toBe("ab");
    expect(stats.legacyDecodedLines).toBe(0);
  });

  it("flags NUL-laden input as binary and still yields lines", () => {
    const bin = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 0x0a, 0x41]);
    const { lines, stats } = decode(bin);
    expect(stats.binary).toBe(true);
    expect(lines).toHaveLength(2);
  });
});
