// `cudafix paste`: the log is on the clipboard (copied from a CI page or a chat). Without a clipboard
// (headless, SSH) it says so in one line and exits 2.

import { Option, type Command } from "commander";
import { FORMATS } from "./format-output.js";
import { failOnOption } from "./manners.js";
import type { Engine } from "../core/analyze.js";
import type { Report } from "../core/types.js";
import { clipboardProblem, type LiveTools } from "./live-check.js";
import type { CliDeps } from "./deps.js";

export interface PasteContext {
  readonly deps: CliDeps;
  readonly engine: () => Engine;
  readonly setExit: (code: number) => void;
  readonly live: LiveTools;
  /** Prints the report on stdout as the options ask (text, JSON or a document format). */
  readonly printReport: (report: Report, opts: Record<string, unknown>) => Promise<void>;
  /** --copy: the fix commands to the clipboard, and a line saying what was copied. */
  readonly copy: (report: Report, opts: Record<string, unknown>) => Promise<void>;
  readonly exitCodeFor: (report: Report, opts: Record<string, unknown>) => number;
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
    .action(async (opts: Record<string, unknown>) => {
      ctx.setExit(await paste(ctx, opts));
    });
}

async function paste(ctx: PasteContext, opts: Record<string, unknown>): Promise<number> {
  let text: string;
  try {
    text = await ctx.live.clipboard.read();
  } catch (e) {
    ctx.deps.stderr.write(`cudafix: no clipboard here (${clipboardProblem(e)}); save the log to a file and run cudafix FILE\n`);
    return 2;
  }
  if (!text.trim()) {
    ctx.deps.stderr.write("cudafix: the clipboard is empty: copy the build log first\n");
    return 2;
  }
  const engine = ctx.engine();
  let report = engine.analyze(text);
  const liveOpts = { ...(typeof opts.python === "string" ? { python: opts.python } : {}), ...(typeof opts.project === "string" ? { project: opts.project } : {}), json: opts.json === true };
  if (opts.verify !== false) report = await ctx.live.check(report, engine.kb, liveOpts);
  await ctx.printReport(report, opts);
  if (opts.copy) await ctx.copy(report, opts);
  return ctx.exitCodeFor(report, opts);
}
