// Runs one external tool with a time limit and an output limit. Never through a shell, never a command
// taken from a log or a note: the probes name their own tools. Whatever goes wrong becomes a value.

import { execFile, type ExecFileOptionsWithStringEncoding } from "node:child_process";

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
  readonly cwd?: string;
}

/** The process runner the probes use; tests may pass a table of recorded outputs instead. */
export type Runner = (file: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

export const runProcess: Runner = (file, args, options) =>
  new Promise((resolve) => {
    const maxBytes = options.maxBytes ?? 1 << 20;
    let settled = false;
    const finish = (r: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let child: ReturnType<typeof execFile>;
    try {
      // `detached` is passed through to spawn: its own process group, so a hung tool's children die with it.
      const opts: ExecFileOptionsWithStringEncoding & { detached?: boolean } = {
        encoding: "utf8",
        maxBuffer: maxBytes,
        windowsHide: true,
        detached: process.platform !== "win32",
        ...(options.env ? { env: options.env as NodeJS.ProcessEnv } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
      };
      child = execFile(
        file,
        [...args],
        opts,
        (error, stdout, stderr) => {
          if (!error) return finish({ kind: "exit", code: 0, stdout, stderr });
          const e = error as NodeJS.ErrnoException & { code?: string | number; signal?: string | null; killed?: boolean };
          if (e.code === "ENOENT") return finish({ kind: "absent" });
          if (e.code === "EACCES") return finish({ kind: "error", message: "not executable (EACCES)" });
          if (e.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
            killGroup(child);
            return finish({ kind: "flood", bytes: maxBytes });
          }
          if (e.signal) return finish({ kind: "signal", signal: e.signal });
          if (typeof e.code === "number") return finish({ kind: "exit", code: e.code, stdout, stderr });
          return finish({ kind: "error", message: e.message.split("\n")[0] ?? String(e) });
        },
      );
    } catch (e) {
      resolve({ kind: "error", message: (e as Error).message });
      return;
    }
    child.on("error", (e: NodeJS.ErrnoException) => finish(e.code === "ENOENT" ? { kind: "absent" } : { kind: "error", message: e.message }));
    const timer = setTimeout(() => {
      killGroup(child);
      // Do not wait for the pipes to close: a grandchild may hold them open.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      finish({ kind: "timeout", ms: options.timeoutMs });
    }, options.timeoutMs);
    timer.unref?.();
  });

function killGroup(child: ReturnType<typeof execFile>): void {
  try {
    if (process.platform !== "win32" && child.pid) process.kill(-child.pid, "SIGKILL");
    else child.kill("SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
}
