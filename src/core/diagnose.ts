// The pipeline, assembled once: a log (or none) → decode → clean → match → rank (the Analyzer) → the check
// against a machine (verify, decide) → one Report. The CLI's every command and the paste page call this;
// what differs between them is only where the bytes come from and what the live facts are.
//
// Streaming: `diagnosis(engine, options)` takes chunks as they arrive (`push`) and gives the Report at `end()`,
// in bounded memory; `diagnose(input, …)` does the same for a whole input or an (async) iterable of chunks.

import type { Analyzer, AnalyzerOptions, Engine } from "./analyze.js";
import { checkLive } from "./verify.js";
import type { KnowledgeBase, LiveFacts, Report } from "./types.js";
import type { ContextLine } from "./render/renderer.js";

/** What the probes are asked, besides what the caller bound in (the Python, the project folder). */
export interface LiveRequest {
  /** Arch variants the log names (90a, 100f), for nvcc to be asked about. */
  readonly archs: readonly string[];
}

/**
 * This machine, as a dependency: the CLI passes its probes (src/probe, run with Node), the page the facts
 * read from pasted outputs. It is called once per report, after the log, with what the log asks about.
 */
export type LiveProbe = (request: LiveRequest) => Promise<LiveFacts>;

export interface DiagnoseOptions extends AnalyzerOptions {
  /** The machine to check the report against: probes, or facts already known. Absent: not checked (--no-verify). */
  readonly live?: LiveProbe | LiveFacts;
}

/** A whole log (text or bytes) or its chunks as they come (a Node stream, a web ReadableStream's reader loop). */
export type LogInput = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** One log being diagnosed: feed it chunks, then `end()` for the Report. */
export class Diagnosis {
  private readonly analyzer: Analyzer;

  constructor(
    private readonly engine: Engine,
    private readonly options: DiagnoseOptions = {},
  ) {
    this.analyzer = engine.analyzer(options);
  }

  push(chunk: Uint8Array): void {
    this.analyzer.push(chunk);
  }

  /** The log's lines around the report's root cause (kept when the options gave `contextRadius`). */
  contextOf(report: Report): readonly ContextLine[] | undefined {
    return report.rootCause ? this.analyzer.context(report.rootCause.line) : undefined;
  }

  /** The report: the log's analysis, checked against the machine when `live` was given. */
  end(): Promise<Report> {
    return checked(this.analyzer.end(), this.engine, this.options.live, true);
  }
}

export function diagnosis(engine: Engine, options: DiagnoseOptions = {}): Diagnosis {
  return new Diagnosis(engine, options);
}

/**
 * The Report for `input`; `null` is no log at all (`cudafix doctor`): only the machine is checked, and the
 * report's log parts are empty.
 */
export async function diagnose(input: LogInput | null, engine: Engine, options: DiagnoseOptions = {}): Promise<Report> {
  const d = new Diagnosis(engine, options);
  if (input === null) return checked(engine.analyzer().end(), engine, options.live, false);
  if (typeof input === "string") d.push(new TextEncoder().encode(input));
  else if (input instanceof Uint8Array) d.push(input);
  else if (Symbol.asyncIterator in input) for await (const chunk of input) d.push(chunk);
  else for (const chunk of input) d.push(chunk);
  return d.end();
}

/** The report checked against this machine; `hasLog` false: the standing checks alone (doctor). */
async function checked(report: Report, engine: Engine, live: LiveProbe | LiveFacts | undefined, hasLog: boolean): Promise<Report> {
  if (!live) return report;
  const facts = typeof live === "function" ? await live({ archs: logArchVariants(report) }) : live;
  return withLive(report, engine.kb, facts, hasLog);
}

/**
 * `report` with `verification`, `decision` and `environment` from the live facts: for the paste page, which
 * checks the same analysis again each time its pasted probe outputs change.
 */
export function withLive(report: Report, kb: KnowledgeBase, live: LiveFacts, hasLog = true): Report {
  const { verification, decision } = checkLive(hasLog ? report : null, kb, live);
  return { ...report, verification, decision, environment: { facts: live.facts, probes: live.probes } };
}

/** The arch variants (sm numbers with a letter: 90a, 100f) a log names, for the probes to ask nvcc about. */
export function logArchVariants(report: Pick<Report, "findings" | "logFacts">): string[] {
  const values = [report.logFacts.builtArch ?? "", report.logFacts.archList ?? "", ...report.findings.map((f) => f.facts.arch ?? "")];
  const out = new Set<string>();
  for (const v of values.join(";").split(/[;\s]+/)) {
    const m = /^(?:(?:compute|sm|lto)_)?(\d+)\.?(\d)?([a-z])(?:\+PTX)?$/.exec(v.trim().replace(/^["']|["']$/g, ""));
    if (m) out.add(`${m[1]}${m[2] ?? ""}${m[3]}`);
  }
  return [...out].sort();
}
