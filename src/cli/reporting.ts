// What every diagnosing command (a log, `run`, `paste`, `doctor`) does around core's `diagnose`: the format
// the options ask for, this machine as the pipeline's live dependency (unless --no-verify), writing the
// reports, --copy, and the exit code. The commands differ only in where the log comes from.

import type { Engine } from "../core/analyze.js";
import type { DiagnoseOptions } from "../core/diagnose.js";
import { reportFix } from "../core/render/json.js";
import type { RenderedLog, Renderer } from "../core/render/index.js";
import { isDecision, type Report } from "../core/types.js";
import { UsageError, type CliDeps } from "./deps.js";
import { chooseFormat, emitReports, type FormatOptions } from "./format-output.js";
import { CONTEXT_RADIUS } from "../core/context.js";
import { knowledgeVersion } from "./kb-load.js";
import type { LiveOptions, LiveTools } from "./live-check.js";

export type FailOn = "fatal" | "error" | "never";

export interface ReportOptions extends FormatOptions, LiveOptions {
  verify?: boolean;
  failOn?: FailOn;
  /** run: how the build ended when it failed ("exited 3", "was killed by SIGKILL"). */
  buildExit?: string | undefined;
}

/**
 * The exit code for a report: 1 when it shows a failure of the kind `failOn` names. `fatal` (the default,
 * as CONTRACT.md says): a note recognised a fatal line. `error`: also error-looking lines no note knows, or
 * symptom lines (the build failed, cause unknown). `never`: always 0.
 */
export function exitCodeFor(report: Report, failOn: FailOn = "fatal"): number {
  if (failOn === "never") return 0;
  if (report.rootCause) return 1;
  if (failOn === "error" && (report.unrecognized.length > 0 || report.symptoms.length > 0)) return 1;
  return 0;
}

export class Reporting {
  constructor(
    private readonly deps: CliDeps,
    private readonly engine: () => Engine,
    readonly live: LiveTools,
  ) {}

  /** The renderer the options name (`--format`, `--json`); a disagreement is a usage error. */
  format(opts: FormatOptions): Renderer {
    const r = chooseFormat(opts);
    if ("error" in r) throw new UsageError(r.error);
    return r;
  }

  /**
   * The options of core's `diagnose`: this machine's probes unless --no-verify, the lines around the root
   * cause when `renderer` shows them, and `extra` (onFinding).
   */
  diagnoseOptions(opts: ReportOptions, renderer: Renderer, extra: Omit<DiagnoseOptions, "live"> = {}): DiagnoseOptions {
    const withContext = renderer.context ? { ...extra, contextRadius: CONTEXT_RADIUS } : extra;
    return opts.verify !== false ? { ...withContext, live: this.live.machine(opts) } : withContext;
  }

  /** Writes the reports; `streamed`: whether a log's own output went to stdout (its text report then goes to stderr). */
  async emit(
    renderer: Renderer,
    logs: readonly RenderedLog[],
    opts: ReportOptions,
    streamed: (log: RenderedLog) => boolean,
    watched: { readonly stopTokens?: readonly string[] } = {},
  ): Promise<void> {
    const { deps } = this;
    const eng = this.engine();
    const options = {
      notes: eng.matcher.byId,
      version: deps.version,
      knowledge: knowledgeVersion(eng.kb),
      ...(eng.kb.liveFacts ? { liveFacts: eng.kb.liveFacts } : {}),
      ...(opts.buildExit ? { buildExit: opts.buildExit } : {}),
      ...(opts.annotateHarmless ? { annotateHarmless: true } : {}),
      ...(opts.docsUrl ? { docsUrl: opts.docsUrl } : {}),
      ...(watched.stopTokens?.length ? { stopTokens: watched.stopTokens } : {}),
    };
    await emitReports(renderer, logs, { deps, opts, options, streamed });
  }

  /** --copy: the root causes' own fix commands first, then the decisions'. */
  async copy(reports: readonly Report[], opts: ReportOptions): Promise<void> {
    const notes = this.engine().matcher.byId;
    const lead = reports.flatMap((r) => (reportFix(r, notes)?.commands ?? []).filter((c) => c.shell === shellOf(r)).map((c) => c.text));
    // Without a clipboard the commands are printed: after a JSON report, on stderr.
    const json = opts.json === true || opts.format === "json";
    await this.live.copy(reports.map((r) => r.decision), { ...opts, json }, (s) => void this.deps.stderr.write(s), lead);
  }
}

function shellOf(report: Report): string {
  const shell = isDecision(report.decision) ? report.decision.shell : undefined;
  return shell ?? (process.platform === "win32" ? "cmd" : "sh");
}
