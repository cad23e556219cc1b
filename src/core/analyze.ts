// The pipeline for one log: decode → clean → match → (at the end) rank → report data.
// Feed it chunks as they arrive; memory stays bounded whatever the input size.

import { LineDecoder } from "./decode.js";
import { LineWindows } from "./context.js";
import type { ContextLine } from "./render/renderer.js";
import { Cleaner } from "./clean.js";
import { Matcher, type MatchSink } from "./match.js";
import { chooseRootCause } from "./rank.js";
import { NoteSearch } from "./search.js";
import { settleOutcomes, type AwaitingOutcome } from "./outcome.js";
import { REPORT_SCHEMA, type Facts, type Finding, type KnowledgeBase, type Report, type Symptom, type Unrecognized } from "./types.js";

export interface AnalyzerOptions {
  /** Called as soon as a finding is made (live diagnosis while the build runs). */
  onFinding?: (f: Finding) => void;
  maxLineBytes?: number;
  /** Findings kept per note id (the rest are counted); keeps a million identical warnings small. */
  maxFindingsPerId?: number;
  maxUnrecognized?: number;
  /**
   * Keep the lines around each finding that may become the root cause, this many on each side (the
   * Markdown report shows them; see `Analyzer.context`). Absent: none kept.
   */
  contextRadius?: number;
}

/** Compiled once per knowledge base and shared by every analysis. */
export class Engine {
  readonly matcher: Matcher;
  readonly cleaner: Cleaner;
  private searchIndex: NoteSearch | null = null;

  constructor(readonly kb: KnowledgeBase) {
    this.matcher = new Matcher(kb);
    this.cleaner = new Cleaner(this.matcher.prefixes);
  }

  get search(): NoteSearch {
    this.searchIndex ??= new NoteSearch(this.kb, this.matcher, this.cleaner);
    return this.searchIndex;
  }

  analyzer(options: AnalyzerOptions = {}): Analyzer {
    return new Analyzer(this, options);
  }

  /** Convenience for whole inputs (tests, the web worker for small logs). */
  analyze(input: Uint8Array | string, options: AnalyzerOptions = {}): Report {
    const a = this.analyzer(options);
    a.push(typeof input === "string" ? new TextEncoder().encode(input) : input);
    return a.end();
  }
}

const PUSH_SLICE = 256 * 1024;

/**
 * A copy of `s` that holds only its own characters. Lines are cut out of the decoded text of a whole chunk
 * (see LineDecoder.regionSink), and a cut keeps all of that text alive while it is held: what the report
 * keeps is copied, so that memory stays bounded.
 */
function own(s: string): string {
  return s.length < 13 ? s : (s + "\u0000").slice(0, -1);
}

/** The finding itself, its strings copied. */
function owned(f: Finding): Finding {
  const m = f as { text: string; facts: Facts };
  m.text = own(f.text);
  for (const k of Object.keys(f.facts)) (m.facts as Record<string, string>)[k] = own(f.facts[k]!);
  return f;
}

export class Analyzer {
  private readonly decoder: LineDecoder;
  private readonly findings: Finding[] = [];
  /** Findings whose severity depends on how the log ends (settled in `end`). */
  private readonly awaiting: AwaitingOutcome[] = [];
  /** Fatal findings of the error lines no note knows (they name no cause). */
  private readonly unexplained: Finding[] = [];
  private readonly symptoms: Symptom[] = [];
  private readonly errorLines: { line: number; text: string }[] = [];
  private readonly errorTexts = new Set<string>();
  private readonly perId = new Map<string, number>();
  private readonly logFacts: Facts = {};
  private readonly factValues = new Map<string, Set<string>>();
  private omitted = 0;
  private readonly emitLine: (l: { no: number; text: string }) => void;

  constructor(
    private readonly engine: Engine,
    private readonly options: AnalyzerOptions,
  ) {
    this.decoder = new LineDecoder(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes });
    const maxPerId = options.maxFindingsPerId ?? 200;
    const maxUnrecognized = options.maxUnrecognized ?? 20;
    const sink: MatchSink = {
      finding: (f, outcome) => {
        if (outcome) {
          // Settled at the end; bounded like the rest (the first ones of a note are the ones that matter).
          if (this.awaiting.length < maxPerId) this.awaiting.push({ finding: owned(f), failed: outcome });
          return;
        }
        const n = (this.perId.get(f.id) ?? 0) + 1;
        this.perId.set(f.id, n);
        if (n <= maxPerId || f.severity === "fatal") this.findings.push(owned(f));
        else this.omitted++;
        options.onFinding?.(f);
      },
      symptom: (s) => {
        if (this.symptoms.length < 1000) this.symptoms.push({ ...s, text: own(s.text) });
      },
      errorLike: (line, text, noteId) => {
        if (this.errorLines.length >= maxUnrecognized || this.errorTexts.has(text)) return;
        text = own(text);
        this.errorTexts.add(text);
        this.errorLines.push({ line, text });
        // The line is an error: fatal, but no note knows its cause, so it can never be the root cause.
        this.unexplained.push({ id: noteId, severity: "fatal", line, text, facts: {}, unexplained: true });
      },
      fact: (name, value) => {
        // The same value again (every nvcc line names the same nvcc): nothing to do.
        let seen = this.factValues.get(name);
        if (seen === undefined) this.factValues.set(name, (seen = new Set()));
        else if (seen.has(value)) return;
        // (A value with ';' in it is left to the check below, which it does not always pass twice.)
        if (seen.size < 64 && !value.includes(";")) seen.add(own(value));
        const old = this.logFacts[name];
        if (old === undefined) this.logFacts[name] = own(value);
        else if (old !== value && !old.split(";").includes(value) && old.length < 200) this.logFacts[name] = own(`${old};${value}`);
      },
    };
    const lines = engine.matcher.stream(sink);
    const windows = options.contextRadius !== undefined ? new LineWindows(options.contextRadius) : null;
    this.windows = windows;
    if (windows) lines.onMade = (line) => windows.pin(line);
    const cleaner = engine.cleaner;
    this.emitLine = (l) => {
      const one = cleaner.single(l.text);
      if (one !== null) lines.lineText(l.no, one);
      else lines.line(l.no, cleaner.segments(l.text));
      windows?.line(l.no, l.text);
    };
    this.finishLines = () => lines.end();
    // Runs of plain lines go to the matcher whole: it scans them once and cuts out only the lines that hit.
    this.decoder.regionSink = windows
      ? (text, firstNo) => {
          const n = lines.region(text, firstNo, cleaner);
          if (n >= 0) windows.region(text, firstNo);
          return n;
        }
      : (text, firstNo) => lines.region(text, firstNo, cleaner);
  }

  private readonly finishLines: () => void;
  private readonly windows: LineWindows | null;

  /** The log's lines around `line` (kept with `contextRadius` for the findings that may become a root cause). */
  context(line: number): readonly ContextLine[] | undefined {
    return this.windows?.window(line);
  }

  push(chunk: Uint8Array): void {
    // Big reads are taken in slices: the text decoded at once stays small (and short-lived).
    for (let at = 0; at < chunk.length; at += PUSH_SLICE) {
      this.decoder.push(at === 0 && chunk.length <= PUSH_SLICE ? chunk : chunk.subarray(at, at + PUSH_SLICE), this.emitLine);
    }
  }

  end(): Report {
    this.decoder.end(this.emitLine);
    this.finishLines();
    const settled = [...this.findings, ...this.unexplained];
    const outcomes = settleOutcomes(this.awaiting, settled, this.symptoms);
    for (const f of outcomes) this.options.onFinding?.(f);
    const findings = [...settled, ...outcomes].sort((a, b) => a.line - b.line);
    // A line judged with the lines under it is handed on when its window closes: put everything in line order.
    this.symptoms.sort((a, b) => a.line - b.line);
    this.errorLines.sort((a, b) => a.line - b.line);
    const rootCause = chooseRootCause(findings, this.symptoms, this.engine.matcher.byId);
    const unrecognized: Unrecognized[] = this.errorLines.map((e) => ({
      line: e.line,
      text: e.text,
      nearest: this.engine.search.nearest(e.text, 3),
    }));
    const s = this.decoder.stats;
    return {
      schema: REPORT_SCHEMA,
      rootCause,
      findings,
      symptoms: this.symptoms,
      unrecognized,
      logFacts: this.logFacts,
      verification: [],
      decision: {},
      stats: {
        lines: s.lines,
        bytes: s.bytes,
        encoding: s.encoding,
        legacyDecodedLines: s.legacyDecodedLines,
        truncatedLines: s.truncatedLines,
        binary: s.binary,
        ...(this.omitted ? { omittedFindings: this.omitted } : {}),
      },
    };
  }
}
