// The command line. `createProgram(deps)` wires commander to the core; streams, files, environment and
// the knowledge base come in as arguments so that tests drive it without a real terminal.

import { Command, CommanderError, Option } from "commander";
import { Engine } from "../core/analyze.js";
import { FORMATS } from "../core/render/index.js";
import { diagnoseLogs, type LogOptions } from "./cmd-log.js";
import { registerExplain } from "./cmd-explain.js";
import { registerRun } from "./cmd-run.js";
import { registerDoctor } from "./cmd-doctor.js";
import { registerPaste } from "./cmd-paste.js";
import { defaultProber, liveTools } from "./live-check.js";
import { UsageError, type CliDeps } from "./deps.js";
import { systemClipboard } from "./clipboard.js";
import { Reporting } from "./reporting.js";
import { closestWord, COMMAND_EXAMPLES, failOnOption } from "./manners.js";
import { register as registerSite } from "./cmd-site.js";
import { registerPatterns } from "./cmd-patterns.js";

// The CLI's shared vocabulary lives in deps.ts (so that the commands need not import this file back);
// re-exported for the callers that take the whole CLI from here (bin.ts, exe.ts, the tests).
export { textWidth, UsageError, useColor, type CliDeps, type OutStream } from "./deps.js";

export { exitCodeFor, type FailOn } from "./reporting.js";

export function createProgram(deps: CliDeps, setExit: (code: number) => void): Command {
  let engine: Engine | null = null;
  const getEngine = (): Engine => (engine ??= new Engine(deps.loadKb()));
  const out = (s: string): boolean => deps.stdout.write(s);
  const err = (s: string): boolean => deps.stderr.write(s);

  const program = new Command("cudafix")
    .description("Names the line that broke a PyTorch C++/CUDA extension build, says which warnings are harmless, and prints the fix.")
    .usage("[options] [files...]   or   cudafix <command> [options]")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        ...COMMAND_EXAMPLES.cudafix!.map((l) => `  ${l}`),
        "",
        "Exit codes: 0 no fatal finding, 1 a fatal finding, 2 usage or internal error (run: the build's code).",
        "cudafix help COMMAND shows a command's options and examples.",
      ].join("\n"),
    )
    .argument("[files...]", "build logs to read (- is stdin); none: read stdin")
    .option("--json", "print only the JSON report (schema cudafix.report/2) on stdout")
    .addOption(
      new Option("--format <format>", "report as text, json (= --json), github (annotations and step summary), sarif, or markdown (for an issue)").choices([
        ...FORMATS,
      ]),
    )
    .option("--annotate-harmless", "--format github: also annotate harmless warnings, as notices")
    .option("--docs-url <url>", "--format sarif: base URL of the docs site, for each rule's help link")
    .option("--no-verify", "do not probe this machine's toolchain (offline, or another machine's log)")
    .option("--python <path>", "the Python that builds (default: the active venv/conda env, else python3)")
    .option("--project <dir>", "the extension's folder, for the live checks (default: the current folder)")
    .option("--copy", "copy the fix commands to the clipboard")
    .option("--no-osc52", "--copy: never ask the terminal to copy (OSC 52) when no clipboard tool exists")
    .option("--verbose", "show each decision tree's whole walk: every branch tried, its condition and the facts it read")
    .addOption(new Option("--no-color", "no colours (also: NO_COLOR=1, FORCE_COLOR=0)"))
    .addOption(failOnOption())
    .option("--debug", "show stack traces of internal errors")
    .version(deps.version, "-V, --version")
    .helpCommand("help [command]", "show the help of cudafix or of a command")
    .showHelpAfterError("(cudafix --help lists the options)")
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => void out(s),
      writeErr: (s) => void err(s),
      // One prefix for every error, commander's own included.
      outputError: (s, write) => write(s.replace(/^error: /, "cudafix: ")),
    })
    .exitOverride()
    .action(async (files: string[], opts: LogOptions) => {
      setExit(await diagnoseLogs({ deps, engine: getEngine, reporting, program }, files, opts));
    });

  // Subcommands, in the order the help lists them (the main ones first). Modules register one line each:
  // (keep this anchor) subcommands:
  const live = liveTools(deps.prober ?? defaultProber(deps.env), deps.clipboard ?? systemClipboard(deps.env), deps.stderr, deps.env);
  const reporting = new Reporting(deps, getEngine, live);
  registerRun(program, { deps, engine: getEngine, setExit, reporting });
  registerDoctor(program, { engine: getEngine, setExit, reporting });
  registerExplain(program, { deps, engine: getEngine, setExit });
  registerPaste(program, { deps, engine: getEngine, setExit, reporting });
  registerSite(program, { deps, setExit });
  registerPatterns(program, { deps, setExit });

  // Every command: examples at the end of its help, and its own help named after a usage error.
  for (const cmd of program.commands) {
    const examples = COMMAND_EXAMPLES[cmd.name()];
    if (examples) cmd.addHelpText("after", ["", "Examples:", ...examples.map((l) => `  ${l}`)].join("\n"));
    cmd.showHelpAfterError(`(cudafix ${cmd.name()} --help lists its options)`);
  }

  return program;
}

/** Runs the CLI; resolves to the exit code. Errors become one line on stderr (a stack only with --debug). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let code = 0;
  try {
    const program = createProgram(deps, (c) => (code = c));
    // `cudafix help doctr`: the same answer as `cudafix doctr`, not the whole help as an error.
    if (argv[0] === "help" && argv[1] !== undefined && !program.commands.some((c) => c.name() === argv[1] || c.aliases().includes(argv[1]!))) {
      const guess = closestWord(argv[1], program.commands.map((c) => c.name()));
      throw new UsageError(`unknown command '${argv[1]}' ${guess ? `(did you mean ${guess}?)` : "(cudafix help lists the commands)"}`);
    }
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) {
      deps.stderr.write(`cudafix: ${e.message}\n`);
      return 2;
    }
    const debug = argv.includes("--debug");
    deps.stderr.write(`cudafix: internal error: ${(e as Error).message}${debug ? `\n${(e as Error).stack ?? ""}` : " (--debug shows more)"}\n`);
    return 2;
  }
}
