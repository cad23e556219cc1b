// `cudafix doctor`: no log. A diagnosis of this machine alone (core's `diagnose` with no input): the
// environment table and every standing problem the decision trees find, with its fix. `--json` (or any
// `--format`) prints the same Report shape as for a log, its log parts empty.

import { Option, type Command } from "commander";
import type { Engine } from "../core/analyze.js";
import { diagnose } from "../core/diagnose.js";
import { FORMATS } from "../core/render/index.js";
import type { Reporting, ReportOptions } from "./reporting.js";

export interface DoctorContext {
  readonly engine: () => Engine;
  readonly setExit: (code: number) => void;
  readonly reporting: Reporting;
}

export function registerDoctor(program: Command, ctx: DoctorContext): void {
  program
    .command("doctor")
    .description("no log: probe this machine's toolchain and GPU, list the problems it has and their fixes (torch's answers are kept in ~/.cache/cudafix until torch, its CUDA variables or the driver change; CUDAFIX_NO_CACHE=1 asks torch every time)")
    .option("--json", "print only the JSON report (schema cudafix.report/2, no log: environment, verification, decision)")
    .addOption(new Option("--format <format>", `report as ${FORMATS.join(", ")}`).choices([...FORMATS]))
    .option("--python <path>", "the Python that builds (default: the active venv/conda env, else python3)")
    .option("--project <dir>", "the extension's folder (default: the current folder)")
    .option("--copy", "copy the fix commands to the clipboard")
    .option("--no-osc52", "--copy: never ask the terminal to copy (OSC 52) when no clipboard tool exists")
    .option("--verbose", "show every decision tree's whole walk: each branch tried, its condition and the facts it read")
    .option("--no-color", "no colours")
    .action(async (opts: ReportOptions) => {
      ctx.setExit(await doctor(ctx, opts));
    });
}

async function doctor(ctx: DoctorContext, opts: ReportOptions): Promise<number> {
  const { reporting } = ctx;
  const renderer = reporting.format(opts);
  const report = await diagnose(null, ctx.engine(), reporting.diagnoseOptions(opts, renderer));
  await reporting.emit(renderer, [{ input: null, source: null, label: "this machine", report }], opts, () => false);
  if (opts.copy) await reporting.copy([report], opts);
  // 1: a problem confirmed on this machine. One that could not be checked (a probe timed out) is listed, not counted.
  return report.verification.some((v) => v.kind === "standing" && v.verdict === "confirmed") ? 1 : 0;
}
