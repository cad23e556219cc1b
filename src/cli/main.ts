// The command line. `createProgram(deps)` wires commander to the core; streams, files, environment and
// the knowledge base come in as arguments so that tests drive it without a real terminal.

import { Command, CommanderError, Option } from "commander";
import { createReadStream, statSync } from "node:fs";
import { Engine } from "../core/analyze.js";
import { diagnosis } from "../core/diagnose.js";
import { FORMATS, type RenderedLog } from "../core/render/index.js";
import { renderNote } from "../core/render/text.js";
import { wrapLines } from "../core/render/shared.js";
import type { Report } from "../core/types.js";
import { ContextRecorder, StopCommandWatcher } from "./format-output.js";
import { liveAlerts, passThrough } from "./live.js";
import { registerRun } from "./cmd-run.js";
import { registerDoctor } from "./cmd-doctor.js";
import { registerPaste } from "./cmd-paste.js";
import { defaultProber, liveTools } from "./live-check.js";
import { textWidth, UsageError, useColor, type CliDeps } from "./deps.js";
import { systemClipboard } from "./clipboard.js";
import { exitCodeFor, Reporting, type ReportOptions } from "./reporting.js";
import { closestWord, COMMAND_EXAMPLES, failOnOption, looksLikeCommand, Progress } from "./manners.js";
import { register as registerSite } from "./cmd-site.js";
import { registerPatterns } from "./cmd-patterns.js";

// The CLI's shared vocabulary lives in deps.ts (so that the commands need not import this file back);
// re-exported for the callers that take the whole CLI from here (bin.ts, exe.ts, the tests).
export { textWidth, UsageError, useColor, type CliDeps, type OutStream } from "./deps.js";

export { exitCodeFor, type FailOn } from "./reporting.js";

interface LogOptions extends ReportOptions {
  copy?: boolean;
  osc52?: boolean;
  debug?: boolean;
}

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
      setExit(await diagnose(files, opts));
    });

  // Subcommands, in the order the help lists them (the main ones first). Modules register one line each:
  // (keep this anchor) subcommands:
  const live = liveTools(deps.prober ?? defaultProber(deps.env), deps.clipboard ?? systemClipboard(deps.env), deps.stderr, deps.env);
  const reporting = new Reporting(deps, getEngine, live);
  registerRun(program, { deps, engine: getEngine, setExit, reporting });
  registerDoctor(program, { engine: getEngine, setExit, reporting });
  program
    .command("explain")
    .description("show a note by id, or the notes nearest to free text or a pasted error line")
    .argument("[query...]", "a note id, words, or a whole log line")
    .option("--list", "list every cause note and decision tree: id, severity, title")
    .option("--json", "--list: as JSON")
    .addOption(new Option("--no-color", "no colours"))
    .action((query: string[], opts: { color?: boolean; list?: boolean; json?: boolean }) => {
      const color = opts.color !== false && useColor(deps.stdout, deps.env);
      if (opts.list) {
        if (query.length) throw new UsageError("explain --list takes no query");
        setExit(listNotes(opts.json === true, color));
        return;
      }
      if (!query.length) throw new UsageError("explain needs a note id, words or a log line (cudafix explain --list lists the notes)");
      setExit(explain(query.join(" "), color));
    });
  registerPaste(program, { deps, engine: getEngine, setExit, reporting });
  registerSite(program, { deps, setExit });
  registerPatterns(program, { deps, setExit });

  // Every command: examples at the end of its help, and its own help named after a usage error.
  for (const cmd of program.commands) {
    const examples = COMMAND_EXAMPLES[cmd.name()];
    if (examples) cmd.addHelpText("after", ["", "Examples:", ...examples.map((l) => `  ${l}`)].join("\n"));
    cmd.showHelpAfterError(`(cudafix ${cmd.name()} --help lists its options)`);
  }

  async function diagnose(files: string[], opts: LogOptions): Promise<number> {
    const sources = files.length ? files : ["-"];
    // `cudafix doctr`: a mistyped command, not a log file.
    const first = sources[0]!;
    if (looksLikeCommand(first) && !exists(first)) {
      const guess = closestWord(first, program.commands.map((c) => c.name()).concat("help"));
      throw new UsageError(`unknown command '${first}' ${guess ? `(did you mean ${guess}?)` : "(cudafix help lists the commands)"}`);
    }
    if (sources.filter((f) => f === "-").length > 1) throw new UsageError("stdin (-) can be read only once");
    if (sources.length === 1 && sources[0] === "-" && deps.stdin.isTTY) {
      throw new UsageError("no log given: pipe a build into cudafix (BUILD 2>&1 | cudafix) or name a FILE (cudafix help shows more)");
    }
    for (const f of sources) if (f !== "-") checkReadable(f);
    const eng = getEngine();
    const renderer = reporting.format(opts);
    const context = renderer.context ? new ContextRecorder() : null;
    const stops = renderer.workflowCommands ? new StopCommandWatcher() : null;
    const logs: RenderedLog[] = [];
    for (const source of sources) {
      const report = source === "-" ? await readStdin(eng, opts, renderer.document, context, stops) : await readFile(eng, source, opts);
      logs.push({ input: source, source, label: source === "-" ? "the log" : source, report });
    }
    await reporting.emit(renderer, logs, opts, (l) => l.input === "-", { stdin: context, stopTokens: stops?.end() ?? [] });
    // After the report, so that "copied" is the last word.
    if (opts.copy) await reporting.copy(logs.map((l) => l.report), opts);
    return Math.max(...logs.map((l) => exitCodeFor(l.report, opts.failOn)));
  }

  function exists(path: string): boolean {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  }

  function checkReadable(path: string): void {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(code === "ENOENT" ? `cannot read ${path}: no such file` : `cannot read ${path}: ${code ?? String(e)}`);
    }
    if (st.isDirectory()) throw new UsageError(`cannot read ${path}: it is a directory, not a log file`);
  }

  function readFile(eng: Engine, path: string, opts: LogOptions): Promise<Report> {
    const d = diagnosis(eng, reporting.diagnoseOptions(opts));
    const stream = deps.openFile ? deps.openFile(path) : createReadStream(path, { highWaterMark: 1 << 20 });
    const progress = deps.stderr.isTTY ? new Progress(deps.stderr, path, sizeOf(path)) : null;
    return new Promise<void>((resolve, reject) => {
      stream.on("data", (chunk: Buffer) => {
        d.push(chunk);
        progress?.advance(chunk.length);
      });
      stream.on("error", (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${path}: ${e.code ?? e.message}`)));
      stream.on("end", () => resolve());
    })
      .finally(() => progress?.done())
      .then(() => d.end());
  }

  function sizeOf(path: string): number | null {
    try {
      return deps.fileSize ? deps.fileSize(path) : statSync(path).size;
    } catch {
      return null;
    }
  }

  /**
   * Pipe mode: the log passes through unchanged while it is read: to stdout, or to stderr when the report is
   * a document (JSON, SARIF, ...) that needs stdout; a text report also alerts on stderr as fatal lines pass.
   */
  async function readStdin(eng: Engine, opts: LogOptions, document: boolean, context: ContextRecorder | null, stops: StopCommandWatcher | null): Promise<Report> {
    const color = opts.color !== false && useColor(deps.stderr, deps.env);
    const alerts = document ? undefined : liveAlerts(eng, err, color);
    // The recorder watches stdin itself (attached before the passthrough); it pins the fatal findings.
    const onFinding = context ? context.watch(deps.stdin, alerts) : alerts;
    const d = diagnosis(eng, reporting.diagnoseOptions(opts, onFinding ? { onFinding } : {}));
    // Ctrl-C reaches the build too; cudafix keeps reading until the build's output ends, then reports.
    let interrupts = 0;
    const detach = deps.onSignals?.(["SIGINT", "SIGTERM"], () => {
      if (++interrupts > 1) deps.stdin.destroy();
    }) ?? (() => {});
    try {
      await passThrough(deps.stdin, document ? deps.stderr : deps.stdout, stops ? (c) => (stops.push(c), d.push(c)) : (c) => d.push(c));
    } finally {
      detach();
    }
    return d.end();
  }

  function listNotes(json: boolean, color: boolean): number {
    const notes = getEngine().kb.notes.filter((n) => n.kind === "cause" || n.kind === "tree");
    const rows = notes.map((n) => ({ id: n.id, kind: n.kind, severity: n.severity ?? (n.kind === "tree" ? "tree" : "—"), title: n.title }));
    rows.sort((a, b) => order(a.severity) - order(b.severity) || a.id.localeCompare(b.id));
    if (json) {
      out(JSON.stringify(rows, null, 2) + "\n");
      return 0;
    }
    const w = Math.max(...rows.map((r) => r.id.length));
    const paint = (sev: string) => (!color ? sev.padEnd(8) : sev === "fatal" ? `\x1b[31m${sev.padEnd(8)}\x1b[39m` : sev === "harmless" ? `\x1b[32m${sev.padEnd(8)}\x1b[39m` : `\x1b[2m${sev.padEnd(8)}\x1b[22m`);
    const width = textWidth(deps.stdout, deps.env);
    for (const r of rows) out(wrapLines(`${r.id.padEnd(w)}  ${paint(r.severity)}  ${r.title}`, width, w + 12) + "\n");
    out(`\n${rows.length} notes; cudafix explain ID shows one.\n`);
    return 0;
  }

  function order(sev: string): number {
    return sev === "fatal" ? 0 : sev === "harmless" ? 1 : 2;
  }

  function explain(query: string, color: boolean): number {
    const eng = getEngine();
    const note = eng.matcher.byId.get(query.trim());
    if (note) {
      out(renderNote(note, { color, width: textWidth(deps.stdout, deps.env) }));
      return 0;
    }
    // A pasted log line that a note's pattern recognises is an exact answer.
    const claims = eng.matcher.claims(eng.cleaner.strip(query));
    const first = claims[0];
    if (first?.kind === "cause") {
      const facts = Object.entries(first.facts).map(([k, v]) => `${k}=${v}`).join(" ");
      out(`This line is recognised by ${first.note.id} (${first.severity})${facts ? `; facts: ${facts}` : ""}.\n\n`);
      out(renderNote(first.note, { color, width: textWidth(deps.stdout, deps.env) }));
      return 0;
    }
    if (first?.kind === "symptom") {
      // Not a cause: say so, and where to look instead.
      out(`This line only repeats a failure reported earlier in the log [${first.note.id}]:\n`);
      out(`${first.note.summary}\nRun cudafix on the whole log to find the line that caused it.\n`);
      return 0;
    }
    const hits = eng.search.nearest(query, 5);
    if (!hits.length) {
      err(`cudafix: no note matches "${query}" (cudafix explain --list lists them all)\n`);
      return 2;
    }
    out(`No note recognises this exactly. Did you mean:\n`);
    for (const h of hits) out(`  ${h.id.padEnd(30)} ${String(h.score).padEnd(5)} ${eng.matcher.byId.get(h.id)?.title ?? ""}\n`);
    out(`\ncudafix explain ${hits[0]!.id}\n`);
    return 0;
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
