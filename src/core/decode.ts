// Stage 1: bytes → lines of text. Line numbers count '\n' bytes as `grep -n` does; nothing is lost:
// UTF-8 is decoded as such, other bytes (Chinese-locale Windows tools print GBK/cp936) as GB18030,
// UTF-16 is recognised by its BOM or by its zero bytes. Only the head of a huge line is kept for matching.

export interface RawLine {
  /** 1-based line number in the input as given. */
  readonly no: number;
  readonly text: string;
}

export type Encoding = "utf-8" | "utf-16le" | "utf-16be";

export interface DecodeStats {
  lines: number;
  bytes: number;
  encoding: Encoding;
  legacyDecodedLines: number;
  truncatedLines: number;
  binary: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;
const SNIFF_BYTES = 512;
const NL = 0x0a;

export class LineDecoder {
  readonly stats: DecodeStats = {
    lines: 0,
    bytes: 0,
    encoding: "utf-8",
    legacyDecodedLines: 0,
    truncatedLines: 0,
    binary: false,
  };
  private readonly maxLineBytes: number;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private readonly lines = new LineText();
  private wide: TextDecoder | null = null;
  private sniffed = false;
  private sniffBuf: Uint8Array[] = [];
  private sniffLen = 0;
  // The current partial line: its kept head (at most maxLineBytes) and whether more was dropped.
  private head: Uint8Array[] = [];
  private headLen = 0;
  private dropped = false;
  private pendingAny = false;
  private wideCarry = "";
  private lineNo = 0;
  /**
   * Optional: takes a run of whole lines (text with a '\n' after each line, no '\r' and no ESC) and returns
   * how many it handled (its '\n' count), or -1 to have them emitted line by line instead.
   */
  regionSink: ((text: string, firstNo: number) => number) | null = null;

  constructor(options: { maxLineBytes?: number } = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  push(chunk: Uint8Array, emit: (line: RawLine) => void): void {
    if (chunk.length === 0) return;
    this.stats.bytes += chunk.length;
    if (!this.sniffed) {
      this.sniffBuf.push(chunk);
      this.sniffLen += chunk.length;
      // Decide as soon as we can: a BOM, or text with no NUL byte (UTF-16 without a BOM has many),
      // so that a short fatal line is diagnosed at once, not after 512 bytes.
      if (this.sniffLen < SNIFF_BYTES && !this.canDecideEarly()) return;
      this.finishSniff(emit);
      return;
    }
    this.feed(chunk, emit);
  }

  end(emit: (line: RawLine) => void): void {
    if (!this.sniffed) this.finishSniff(emit);
    if (this.wide) {
      const rest = this.wideCarry + this.wide.decode();
      this.wideCarry = "";
      if (rest.length > 0) this.emitWide(rest, emit);
    } else if (this.pendingAny) {
      this.flushLine(emit);
    }
    this.stats.lines = this.lineNo;
  }

  private canDecideEarly(): boolean {
    if (this.sniffLen < 4) return false;
    const first = this.sniffBuf[0]!.length >= 2 ? this.sniffBuf[0]! : concat(this.sniffBuf, this.sniffLen);
    if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) return true;
    return this.sniffBuf.every((b) => b.indexOf(0) < 0);
  }

  private finishSniff(emit: (line: RawLine) => void): void {
    this.sniffed = true;
    let all = concat(this.sniffBuf, this.sniffLen);
    this.sniffBuf = [];
    const enc = sniffEncoding(all);
    this.stats.encoding = enc.encoding;
    if (enc.encoding !== "utf-8") {
      this.wide = new TextDecoder(enc.encoding, { ignoreBOM: false });
    } else {
      if (enc.bomLength > 0) {
        // The BOM is not part of the first line's text (but stays in the passthrough).
        all = all.subarray(enc.bomLength);
      }
      this.stats.binary = looksBinary(all);
    }
    this.feed(all, emit);
  }

  private feed(chunk: Uint8Array, emit: (line: RawLine) => void): void {
    if (this.wide) {
      const text = this.wideCarry + this.wide.decode(chunk, { stream: true });
      let start = 0;
      for (;;) {
        const nl = text.indexOf("\n", start);
        if (nl < 0) break;
        this.emitWide(text.slice(start, nl), emit);
        start = nl + 1;
      }
      this.wideCarry = text.slice(start);
      if (this.wideCarry.length > this.maxLineBytes * 4) {
        // A huge UTF-16 line: keep its head only, count the rest.
        this.wideCarry = this.wideCarry.slice(0, this.maxLineBytes);
        this.stats.truncatedLines++;
      }
      return;
    }
    let start = 0;
    const len = chunk.length;
    // The line left open by the previous chunk ends first, the usual way.
    if (this.pendingAny) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.keep(chunk);
        return;
      }
      if (nl > 0) this.keep(chunk.subarray(0, nl));
      this.flushLine(emit);
      start = nl + 1;
    }
    while (start < len) {
      // Fast path: a run of whole lines, none longer than the cap, decoded in one call and cut as a string.
      let runEnd = start;
      for (let p = start; ; ) {
        const nl = chunk.indexOf(NL, p);
        if (nl < 0 || nl - p > this.maxLineBytes) break;
        p = nl + 1;
        runEnd = p;
      }
      if (runEnd - start > 1024) {
        this.emitRegion(chunk.subarray(start, runEnd), emit);
        start = runEnd;
        if (start >= len) break;
      }
      const nl = chunk.indexOf(NL, start);
      const end = nl < 0 ? len : nl;
      if (end > start) this.keep(chunk.subarray(start, end));
      else if (nl >= 0) this.pendingAny = true;
      if (nl < 0) break;
      this.pendingAny = true;
      this.flushLine(emit);
      start = nl + 1;
    }
  }

  private keep(part: Uint8Array): void {
    this.pendingAny = true;
    const room = this.maxLineBytes - this.headLen;
    if (room <= 0) {
      this.dropped = true;
      return;
    }
    if (part.length > room) {
      this.dropped = true;
      part = part.subarray(0, room);
    }
    // Chunks are views into the caller's buffer, which may be reused: copy what we keep.
    this.head.push(part.slice());
    this.headLen += part.length;
  }

  private flushLine(emit: (line: RawLine) => void): void {
    this.lineNo++;
    let bytes = this.head.length === 1 ? this.head[0]! : concat(this.head, this.headLen);
    if (this.dropped) {
      this.stats.truncatedLines++;
      bytes = trimPartialUtf8(bytes);
    }
    this.head = [];
    this.headLen = 0;
    this.dropped = false;
    this.pendingAny = false;
    emit({ no: this.lineNo, text: this.decodeBytes(bytes) });
  }

  /** Whole lines (each ending in '\n', none over the cap): one decode for all, then cut at each '\n'. */
  private emitRegion(bytes: Uint8Array, emit: (line: RawLine) => void): void {
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      // Some line is not UTF-8: decode line by line, as usual (each line falls back on its own).
      let p = 0;
      while (p < bytes.length) {
        const nl = bytes.indexOf(NL, p);
        this.lineNo++;
        emit({ no: this.lineNo, text: this.decodeBytes(bytes.subarray(p, nl)) });
        p = nl + 1;
      }
      return;
    }
    if (this.regionSink !== null && onlyCrlf(text) && text.indexOf("\x1b") < 0) {
      const n = this.regionSink(text, this.lineNo + 1);
      if (n >= 0) {
        this.lineNo += n;
        return;
      }
    }
    let p = 0;
    for (;;) {
      const nl = text.indexOf("\n", p);
      if (nl < 0) break;
      this.lineNo++;
      emit({ no: this.lineNo, text: text.slice(p, nl) });
      p = nl + 1;
    }
  }

  private emitWide(text: string, emit: (line: RawLine) => void): void {
    this.lineNo++;
    emit({ no: this.lineNo, text: text.length > this.maxLineBytes ? text.slice(0, this.maxLineBytes) : text });
  }

  private decodeBytes(bytes: Uint8Array): string {
    const text = this.lines.decode(bytes);
    if (this.lines.legacy) this.stats.legacyDecodedLines++;
    return text;
  }
}

/**
 * One line of a UTF-8 stream, bytes → text, as the decoder reads it: UTF-8, else GB18030 (what
 * Chinese-locale Windows tools print), decided per line. The paste page's log view decodes the lines it
 * shows with this, so it shows what the report read.
 */
export class LineText {
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private gb: TextDecoder | null = null;
  /** Whether the last line decoded was not UTF-8 (read as GB18030). */
  legacy = false;

  decode(bytes: Uint8Array): string {
    this.legacy = false;
    if (bytes.length === 0) return "";
    try {
      return this.utf8.decode(bytes);
    } catch {
      this.legacy = true;
      this.gb ??= new TextDecoder("gb18030");
      return this.gb.decode(bytes);
    }
  }
}

/** No '\r' but at the end of a line (CRLF): such lines clean as plain ones do. */
function onlyCrlf(text: string): boolean {
  for (let at = text.indexOf("\r"); at >= 0; at = text.indexOf("\r", at + 2)) if (text.charCodeAt(at + 1) !== 10) return false;
  return true;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Drops an incomplete UTF-8 sequence at the end of a cut line, so the cut does not look like GBK. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1;
  let cont = 0;
  while (i >= 0 && cont < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    cont++;
  }
  if (i < 0) return bytes;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > cont ? bytes.subarray(0, i) : bytes;
}

export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  // UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
  const n = Math.min(head.length, SNIFF_BYTES) & ~1;
  if (n >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    const pairs = n / 2;
    if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return { encoding: "utf-16le", bomLength: 0 };
    if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return { encoding: "utf-16be", bomLength: 0 };
  }
  return { encoding: "utf-8", bomLength: 0 };
}

function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return n > 0 && control / n > 0.1;
}
