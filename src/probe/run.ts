// Runs one external tool with a time limit and an output limit. Never through a shell, never a command
// taken from a log or a note: the probes name their own tools. Whatever goes wrong becomes a value.
//
// The tool cannot be steered by the folder cudafix runs in: it starts in an empty private folder (so a
// `json.py` or `torch/` there is not what Python imports, and a `.` on PATH finds nothing), in a process
// group of its own that is killed whole on a timeout, a flood of output, or when the tool exits.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

export type RunResult =
  | { readonly kind: "exit"; readonly code: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: "absent" }
  | { readonly kind: "timeout"; readonly ms: number }
  | { readonly kind: "signal"; readonly signal: string }
  | { readonly kind: "flood"; readonly bytes: number }
  | { readonly kind: "error"; readonly message: string };

export interface RunOptions {
  readonly timeoutMs: number;
  readonly maxBytes?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The folder to run in; default: an empty private folder (see `neutralCwd`). */
  readonly cwd?: string;
}

/** The process runner the probes use; tests may pass a table of recorded outputs instead. */
export type Runner = (file: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

let neutral: string | null = null;

/**
 * An empty folder only this user can write, made once per process and removed at exit. Not the temp
 * folder itself: anyone may plant a `json.py` in /tmp.
 */
export function neutralCwd(): string {
  if (neutral) return neutral;
  try {
    neutral = mkdtempSync(join(tmpdir(), "cudafix-probe-"));
    const dir = neutral;
    process.once("exit", () => {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    });
  } catch {
    neutral = process.platform === "win32" ? (process.env.SystemRoot ?? "C:\\Windows") : "/";
  }
  return neutral;
}

export const runProcess: Runner = (file, args, options) =>
  new Promise((done) => {
    const maxBytes = options.maxBytes ?? 1 << 20;
    const group = process.platform !== "win32";
    // A relative path the user gave (--python ./venv/bin/python) means one relative to where they are.
    const target = /[\\/]/.test(file) && !isAbsolute(file) ? resolve(file) : file;
    let settled = false;
    let child: ChildProcess;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: RunResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      done(r);
    };
    const abandon = (): void => {
      killGroup(child, group);
      // Do not wait for the pipes to close: a grandchild may hold them open.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
    };
    try {
      child = spawn(target, [...args], {
        cwd: options.cwd ?? neutralCwd(),
        stdio: ["ignore", "pipe", "pipe"],
        windowsHide: true,
        detached: group,
        ...(options.env ? { env: options.env as NodeJS.ProcessEnv } : {}),
      });
    } catch (e) {
      done({ kind: "error", message: (e as Error).message.split("\n")[0] ?? String(e) });
      return;
    }
    const take = (into: Buffer[]) => (chunk: Buffer): void => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        abandon();
        finish({ kind: "flood", bytes: maxBytes });
        return;
      }
      into.push(chunk);
    };
    child.stdout!.on("data", take(out));
    child.stderr!.on("data", take(err));
    child.stdout!.on("error", () => {});
    child.stderr!.on("error", () => {});
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") finish({ kind: "absent" });
      else if (e.code === "EACCES") finish({ kind: "error", message: "not executable (EACCES)" });
      else finish({ kind: "error", message: e.message.split("\n")[0] ?? String(e) });
    });
    // The tool is done: what it left running in its group goes too (and so lets go of the pipes).
    child.on("exit", () => killGroup(child, group, true));
    child.on("close", (code, signal) => {
      if (signal) return finish({ kind: "signal", signal });
      finish({ kind: "exit", code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    timer = setTimeout(() => {
      abandon();
      finish({ kind: "timeout", ms: options.timeoutMs });
    }, options.timeoutMs);
    timer.unref?.();
  });

function killGroup(child: ChildProcess, group: boolean, onlyGroup = false): void {
  try {
    if (group && child.pid) process.kill(-child.pid, "SIGKILL");
    else if (!onlyGroup) child.kill("SIGKILL");
  } catch {
    if (onlyGroup) return;
    try {
      child.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
}
