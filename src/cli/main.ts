// The command line. `createProgram(deps)` wires commander to the core; streams, files, environment and
// the knowledge base come in as arguments so that tests drive it without a real terminal.

import { Command, CommanderError, Option } from "commander";
import { createReadStream, statSync } from "node:fs";
import { Engine } from "../core/analyze.js";
import { renderNote, renderReport, wrapLines } from "../core/render-text.js";
import { chooseFormat, ContextRecorder, emitFormatted, FORMATS, StopCommandWatcher, withContext } from "./format-output.js";
import { isDecision, type KnowledgeBase, type Report } from "../core/types.js";
import { liveAlerts, passThrough } from "./live.js";
import { registerRun } from "./cmd-run.js";
import { registerDoctor } from "./cmd-doctor.js";
import { registerPaste } from "./cmd-paste.js";
import { defaultProber, liveTools } from "./live-check.js";
import { textWidth, UsageError, useColor, type CliDeps } from "./deps.js";
import { systemClipboard } from "./clipboard.js";
import { jsonReport, knowledgeVersion, rootFix } from "./json-report.js";
import { closestWord, COMMAND_EXAMPLES, failOnOption, looksLikeCommand, Progress } from "./manners.js";
import { register as registerSite } from "./cmd-site.js";
import { registerPatterns } from "./cmd-patterns.js";
import { terminalSafe } from "../core/fill.js";

// The CLI's shared vocabulary lives in deps.ts (so that the commands need not import this file back);
// re-exported for the callers that take the whole CLI from here (bin.ts, exe.ts, the tests).
export { textWidth, UsageError, useColor, type CliDeps, type OutStream } from "./deps.js";

export type FailOn = "fatal" | "error" | "never";

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

interface LogOptions {
  failOn?: FailOn;
  json?: boolean;
  format?: string;
  annotateHarmless?: boolean;
  docsUrl?: string;
  verify?: boolean;
  color?: boolean;
  debug?: boolean;
  python?: string;
  project?: string;
  copy?: boolean;
  osc52?: boolean;
  verbose?: boolean;
  /** run: how the build ended when it failed ("exited 3", "was killed by SIGKILL"). */
  buildExit?: string | undefined;
}

export function createProgram(deps: CliDeps, setExit: (code: number) => void): Command {
  let engine: Engine | null = null;
  const getEngine = (): Engine => (engine ??= new Engine(deps.loadKb()));
  const out = (s: string): boolean => deps.stdout.write(s);
  const err = (s: string): boolean => deps.stderr.write(s);
  const meta = (input: string) => ({ cudafix: deps.version, knowledge: knowledgeVersion(getEngine().kb), input });

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
  registerRun(program, {
    deps,
    engine: getEngine,
    setExit,
    printReport: async (report, opts, source, input) => {
      const o = opts as LogOptions;
      // The same live check as for a log (skipped with --no-verify), then the report on stderr.
      const checked = o.verify !== false ? await live.check(report, getEngine().kb, o) : report;
      const format = chooseFormat(o);
      if (typeof format !== "string") throw new UsageError(format.error);
      if (format === "github" || format === "sarif" || format === "markdown") {
        await emitFormatted(format, [{ source, report: checked }], o, { notes: getEngine().matcher.byId, env: deps.env, version: deps.version, out, warn: err });
      } else printReport(checked, { ...o, json: format === "json" }, source, true, input);
      if (o.copy) await copyFix([checked], o);
      return exitCodeFor(checked, o.failOn);
    },
  });
  registerDoctor(program, { deps, engine: getEngine, setExit, live });
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
  registerPaste(program, {
    deps,
    engine: getEngine,
    setExit,
    live,
    printReport: async (report, opts) => {
      const o = opts as LogOptions;
      const format = chooseFormat(o);
      if (typeof format !== "string") throw new UsageError(format.error);
      if (format === "github" || format === "sarif" || format === "markdown") {
        await emitFormatted(format, [{ source: "clipboard", report }], o, { notes: getEngine().matcher.byId, env: deps.env, version: deps.version, out, warn: err });
      } else printReport(report, { ...o, json: format === "json" }, "the clipboard", false, "clipboard");
    },
    copy: (report, opts) => copyFix([report], opts as LogOptions),
    exitCodeFor: (r, opts) => exitCodeFor(r, (opts as LogOptions).failOn),
  });
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
    const format = chooseFormat(opts);
    if (typeof format !== "string") throw new UsageError(format.error);
    if (format === "json") opts.json = true;
    // The document formats keep stdout for the document: in pipe mode the build's output goes to stderr, as under --json.
    const readOpts = format === "text" || format === "json" ? opts : { ...opts, json: true };
    const context = format === "markdown" ? new ContextRecorder() : null;
    const stops = format === "github" ? new StopCommandWatcher() : null;
    const reports: { source: string; report: Report }[] = [];
    for (const source of sources) {
      const report = source === "-" ? await readStdin(context ? context.watch(eng, deps.stdin) : eng, readOpts, stops) : await readFile(eng, source);
      reports.push({ source, report });
    }
    // The live check: what the log says, set against this machine now (skipped with --no-verify).
    if (opts.verify !== false) for (const r of reports) r.report = await live.check(r.report, eng.kb, opts);
    if (format === "github" || format === "sarif" || format === "markdown") {
      const open = deps.openFile ?? ((p: string) => createReadStream(p));
      const logs = format === "markdown" ? await withContext(reports, context, open) : reports;
      await emitFormatted(format, logs, opts, { notes: eng.matcher.byId, env: deps.env, version: deps.version, out, warn: err, stopTokens: stops?.end() ?? [] });
    } else if (opts.json && reports.length > 1) {
      out(JSON.stringify(reports.map((r) => ({ file: r.source, ...jsonReport(r.report, eng.matcher.byId, meta(r.source)) })), null, 2) + "\n");
    } else {
      for (const { source, report } of reports) {
        if (reports.length > 1) (source === "-" ? deps.stderr : deps.stdout).write(`\n${source}:\n`);
        printReport(report, opts, source === "-" ? "the log" : source, source === "-", source);
      }
    }
    // After the report, so that "copied" is the last word.
    if (opts.copy) await copyFix(reports.map((r) => r.report), opts);
    return Math.max(...reports.map((r) => exitCodeFor(r.report, opts.failOn)));
  }

  /** --copy: the root causes' own fix commands first, then the decisions'. */
  async function copyFix(reports: readonly Report[], opts: LogOptions): Promise<void> {
    const notes = getEngine().matcher.byId;
    const lead = reports.flatMap((r) => (rootFix(r, notes)?.commands ?? []).filter((c) => c.shell === shellOf(r)).map((c) => c.text));
    await live.copy(reports.map((r) => r.decision), opts, err, lead);
  }

  function shellOf(report: Report): string {
    const shell = isDecision(report.decision) ? report.decision.shell : undefined;
    return shell ?? (process.platform === "win32" ? "cmd" : "sh");
  }

  /** Writes the report as the options ask. `streamed`: stdout carried the build's output, so text goes to stderr. */
  function printReport(report: Report, opts: LogOptions, label: string, streamed: boolean, input: string): void {
    if (opts.json) {
      out(JSON.stringify(jsonReport(report, getEngine().matcher.byId, meta(input)), null, 2) + "\n");
      return;
    }
    const stream = streamed ? deps.stderr : deps.stdout;
    const color = opts.color !== false && useColor(stream, deps.env);
    stream.write(renderReport(report, getEngine().matcher.byId, { color, width: textWidth(stream, deps.env), verbose: opts.verbose === true }, label, opts.buildExit));
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

  function readFile(eng: Engine, path: string): Promise<Report> {
    const analyzer = eng.analyzer();
    const stream = deps.openFile ? deps.openFile(path) : createReadStream(path, { highWaterMark: 1 << 20 });
    const progress = deps.stderr.isTTY ? new Progress(deps.stderr, path, sizeOf(path)) : null;
    return new Promise<Report>((resolve, reject) => {
      stream.on("data", (chunk: Buffer) => {
        analyzer.push(chunk);
        progress?.advance(chunk.length);
      });
      stream.on("error", (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${path}: ${e.code ?? e.message}`)));
      stream.on("end", () => resolve(analyzer.end()));
    }).finally(() => progress?.done());
  }

  function sizeOf(path: string): number | null {
    try {
      return deps.fileSize ? deps.fileSize(path) : statSync(path).size;
    } catch {
      return null;
    }
  }

  /** Pipe mode: the log passes through unchanged (to stdout, or to stderr under --json) while it is read. */
  async function readStdin(eng: Engine, opts: LogOptions, stops: StopCommandWatcher | null = null): Promise<Report> {
    const color = opts.color !== false && useColor(deps.stderr, deps.env);
    const onFinding = opts.json ? undefined : liveAlerts(eng, err, color);
    const analyzer = eng.analyzer(onFinding ? { onFinding } : {});
    // Ctrl-C reaches the build too; cudafix keeps reading until the build's output ends, then reports.
    let interrupts = 0;
    const detach = deps.onSignals?.(["SIGINT", "SIGTERM"], () => {
      if (++interrupts > 1) deps.stdin.destroy();
    }) ?? (() => {});
    try {
      await passThrough(deps.stdin, opts.json ? deps.stderr : deps.stdout, stops ? (c) => (stops.push(c), analyzer.push(c)) : (c) => analyzer.push(c));
    } finally {
      detach();
    }
    return analyzer.end();
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
