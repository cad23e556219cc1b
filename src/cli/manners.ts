// What a command line is expected to do besides its job: examples in every help page, a guess for a
// mistyped command, the shared --fail-on option, and a progress line while a big log is read.

import { Option } from "commander";

/** The examples at the end of each command's --help (and of cudafix --help, under "cudafix"). */
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  cudafix: [
    "python setup.py bdist_wheel 2>&1 | cudafix    the build live on stdout, the diagnosis on stderr",
    "cudafix build.log                             diagnose a saved log",
    "cudafix --format github build.log             annotations and a step summary in GitHub Actions",
    "cudafix run -- pip install -e .               run the build, keep its exit code",
    "cudafix doctor                                check this machine without a log",
    "cudafix explain cuda-major-mismatch           read a note (or paste an error line)",
    "cudafix explain --list                        every note: id, severity, title",
  ],
  run: [
    "cudafix run -- pip install --no-build-isolation -e .",
    "cudafix run --format github -- python setup.py bdist_wheel",
    "cudafix run --fail-on error --python .venv/bin/python -- sh -c 'make -j8 2>&1'",
    "cudafix run --json -- pip wheel . > report.json      (the build's stdout goes to stderr)",
  ],
  doctor: [
    "cudafix doctor",
    "cudafix doctor --python ~/venvs/ext/bin/python --project ~/src/myext",
    "cudafix doctor --json > environment.json",
    "cudafix doctor --copy                                 (the fix commands to the clipboard)",
  ],
  explain: [
    "cudafix explain missing-header",
    "cudafix explain \"nvcc fatal   : Unsupported gpu architecture 'compute_50'\"",
    "cudafix explain undefined symbol after pip install",
    "cudafix explain --list",
  ],
  paste: [
    "cudafix paste                                         (copy the log from the CI page first)",
    "cudafix paste --no-verify --format markdown > issue.md",
  ],
  site: ["cudafix site", "cudafix site --serve", "cudafix site --serve --port 0"],
  patterns: ["cudafix patterns", "cudafix patterns --grep > patterns.txt && LC_ALL=C grep -E -c -f patterns.txt build.log"],
  help: ["cudafix help", "cudafix help run"],
};

export function failOnOption(): Option {
  return new Option("--fail-on <what>", "exit 1 on: fatal (a known cause), error (also unknown errors), never").choices(["fatal", "error", "never"]).default("fatal");
}

/** A first word that could be a mistyped command rather than a log file: a plain word, no path or extension. */
export function looksLikeCommand(word: string): boolean {
  return /^[a-z][a-z-]{1,19}$/i.test(word);
}

/** The command nearest to `word` (edit distance at most a third of its length, at least 1), or null. */
export function closestWord(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = w.length >= 3 && c.startsWith(w) ? 1 : distance(w, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(word.length / 3)) + (word.length >= 5 ? 1 : 0) ? best : null;
}

/** Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbours costs 1). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

interface Tty {
  write(s: string): unknown;
}

/**
 * `cudafix: reading build.log: 120 of 500 MB (24%)` on one line of stderr, rewritten in place, from the
 * first second of a read on (a quick read shows nothing), and erased when the read ends. Only for a
 * terminal: the caller passes one.
 */
export class Progress {
  private bytes = 0;
  private shown = false;
  private last = 0;
  private readonly started: number;

  constructor(
    private readonly tty: Tty,
    private readonly name: string,
    private readonly total: number | null,
    private readonly now: () => number = () => Date.now(),
    private readonly delayMs = 1000,
    private readonly everyMs = 200,
  ) {
    this.started = now();
  }

  advance(n: number): void {
    this.bytes += n;
    const t = this.now();
    if (t - this.started < this.delayMs || t - this.last < this.everyMs) return;
    this.last = t;
    this.shown = true;
    const mb = (b: number) => (b / 1e6).toFixed(0);
    const of = this.total ? ` of ${mb(this.total)} MB (${Math.min(100, Math.floor((100 * this.bytes) / this.total))}%)` : " MB";
    const name = this.name.length > 40 ? `…${this.name.slice(-39)}` : this.name;
    this.tty.write(`\r\x1b[2Kcudafix: reading ${name}: ${mb(this.bytes)}${of}`);
  }

  done(): void {
    if (this.shown) this.tty.write("\r\x1b[2K");
    this.shown = false;
  }
}
