// `cudafix doctor`: no log. Probes the live toolchain and GPU, prints the environment table and every
// standing problem the decision trees find, with its fix. `--json`: { schema, environment, verification, decision }.

import type { Command } from "commander";
import type { Engine } from "../core/analyze.js";
import { renderEnvironment, renderLiveCheck } from "../core/render-text.js";
import { checkLive } from "../core/verify.js";
import type { LiveTools } from "./live-check.js";
import { textWidth, useColor, type CliDeps } from "./deps.js";

export interface DoctorContext {
  readonly deps: CliDeps;
  readonly engine: () => Engine;
  readonly setExit: (code: number) => void;
  readonly live: LiveTools;
}

interface DoctorOptions {
  json?: boolean;
  python?: string;
  project?: string;
  copy?: boolean;
  osc52?: boolean;
  color?: boolean;
  verbose?: boolean;
}

export function registerDoctor(program: Command, ctx: DoctorContext): void {
  program
    .command("doctor")
    .description("no log: probe this machine's toolchain and GPU, list the problems it has and their fixes (torch's answers are kept in ~/.cache/cudafix until torch, its CUDA variables or the driver change; CUDAFIX_NO_CACHE=1 asks torch every time)")
    .option("--json", "print only JSON: { schema, environment, verification, decision }")
    .option("--python <path>", "the Python that builds (default: the active venv/conda env, else python3)")
    .option("--project <dir>", "the extension's folder (default: the current folder)")
    .option("--copy", "copy the fix commands to the clipboard")
    .option("--no-osc52", "--copy: never ask the terminal to copy (OSC 52) when no clipboard tool exists")
    .option("--verbose", "show every decision tree's whole walk: each branch tried, its condition and the facts it read")
    .option("--no-color", "no colours")
    .action(async (opts: DoctorOptions) => {
      ctx.setExit(await doctor(ctx, opts));
    });
}

async function doctor(ctx: DoctorContext, opts: DoctorOptions): Promise<number> {
  const { deps } = ctx;
  const kb = ctx.engine().kb;
  const live = await ctx.live.probe(opts);
  const { verification, decision } = checkLive(null, kb, live);
  if (opts.json) {
    const payload = { schema: "cudafix.doctor/1", environment: { facts: live.facts, probes: live.probes }, verification, decision };
    deps.stdout.write(JSON.stringify(payload, null, 2) + "\n");
  } else {
    const color = opts.color !== false && useColor(deps.stdout, deps.env);
    const width = textWidth(deps.stdout, deps.env);
    deps.stdout.write(renderEnvironment(live, { color, width }) + "\n");
    deps.stdout.write(renderLiveCheck({ verification, decision }, ctx.engine().matcher.byId, { color, width, verbose: opts.verbose === true }, "doctor") + "\n");
  }
  if (opts.copy) await ctx.live.copy([decision], opts, (s) => void deps.stderr.write(s));
  // 1: a problem confirmed on this machine. One that could not be checked (a probe timed out) is listed, not counted.
  return verification.some((v) => v.kind === "standing" && v.verdict === "confirmed") ? 1 : 0;
}
