// `cudafix paste`: the log is on the clipboard (copied from a CI page or a chat). Without a clipboard
// (headless, SSH) it says so in one line and exits 2.

import { Option, type Command } from "commander";
import type { Engine } from "../core/analyze.js";
import { diagnosis } from "../core/diagnose.js";
import { FORMATS } from "../core/render/index.js";
import { failOnOption } from "./manners.js";
import { clipboardProblem } from "./live-check.js";
import type { CliDeps } from "./deps.js";
import { exitCodeFor, type Reporting, type ReportOptions } from "./reporting.js";

export interface PasteContext {
  readonly deps: CliDeps;
  readonly engine: () => Engine;
  readonly setExit: (code: number) => void;
  readonly reporting: Reporting;
}

export function registerPaste(program: Command, ctx: PasteContext): void {
  program
    .command("paste")
    .description("diagnose a log copied to the clipboard")
    .option("--json", "print only the JSON report")
    .addOption(new Option("--format <format>", "report as text, json, github, sarif or markdown").choices([...FORMATS]))
    .option("--no-verify", "do not probe this machine's toolchain")
    .option("--python <path>", "the Python that builds")
    .option("--project <dir>", "the extension's folder")
    .option("--copy", "copy the fix commands back to the clipboard")
    .option("--no-osc52", "--copy: never ask the terminal to copy (OSC 52) when no clipboard tool exists")
    .addOption(failOnOption())
    .option("--no-color", "no colours")
    .action(async (opts: ReportOptions) => {
      ctx.setExit(await paste(ctx, opts));
    });
}

async function paste(ctx: PasteContext, opts: ReportOptions): Promise<number> {
  const { reporting } = ctx;
  const renderer = reporting.format(opts);
  let text: string;
  try {
    text = await reporting.live.clipboard.read();
  } catch (e) {
    ctx.deps.stderr.write(`cudafix: no clipboard here (${clipboardProblem(e)}); save the log to a file and run cudafix FILE\n`);
    return 2;
  }
  if (!text.trim()) {
    ctx.deps.stderr.write("cudafix: the clipboard is empty: copy the build log first\n");
    return 2;
  }
  const d = diagnosis(ctx.engine(), reporting.diagnoseOptions(opts, renderer));
  d.push(new TextEncoder().encode(text));
  const report = await d.end();
  const context = d.contextOf(report);
  await reporting.emit(renderer, [{ input: "clipboard", source: "clipboard", label: "the clipboard", report, ...(context ? { context } : {}) }], opts, () => false);
  if (opts.copy) await reporting.copy([report], opts);
  return exitCodeFor(report, opts.failOn);
}
