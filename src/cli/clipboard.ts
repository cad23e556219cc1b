// The system clipboard through the platform's own tools (pbcopy, clip.exe, wl-copy, xclip, xsel,
// termux-clipboard-set), with no dependency; and the OSC 52 escape that asks the terminal itself to take
// the text, for SSH and tmux sessions where no clipboard tool can reach the user's screen.
//
// Why not clipboardy: it brought 51 packages (5 MB) into an install that otherwise has 3, and ships
// native fallbacks (an xsel binary, Windows .exe files) that cannot run from inside the single executable.
// The tools it calls are the same ones below.

import { spawn } from "node:child_process";

export interface Clipboard {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

interface Tool {
  readonly name: string;
  readonly args: readonly string[];
  /** Bytes to write: UTF-8, or UTF-16LE with a BOM (clip.exe reads that as Unicode). */
  readonly encoding?: "utf16le";
}

interface ToolSet {
  readonly write: readonly Tool[];
  readonly read: readonly Tool[];
  /** Why none may work here, for the one-line message (no display on a Linux box). */
  readonly hint?: string;
}

const WIN_READ: Tool = {
  name: "powershell.exe",
  args: ["-NoProfile", "-NonInteractive", "-Command", "[Console]::OutputEncoding=[Text.Encoding]::UTF8; Get-Clipboard -Raw"],
};

/** The clipboard tools to try, in order, for this platform and session. Exported for tests. */
export function clipboardTools(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): ToolSet {
  if (platform === "darwin") return { write: [{ name: "pbcopy", args: [] }], read: [{ name: "pbpaste", args: [] }] };
  if (platform === "win32") return { write: [{ name: "clip.exe", args: [], encoding: "utf16le" }], read: [WIN_READ] };
  const write: Tool[] = [];
  const read: Tool[] = [];
  if (env.WAYLAND_DISPLAY) {
    write.push({ name: "wl-copy", args: [] });
    read.push({ name: "wl-paste", args: ["--no-newline"] });
  }
  if (env.DISPLAY) {
    write.push({ name: "xclip", args: ["-selection", "clipboard", "-in"] }, { name: "xsel", args: ["--clipboard", "--input"] });
    read.push({ name: "xclip", args: ["-selection", "clipboard", "-out"] }, { name: "xsel", args: ["--clipboard", "--output"] });
  }
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) {
    write.push({ name: "clip.exe", args: [], encoding: "utf16le" });
    read.push(WIN_READ);
  }
  if (env.TERMUX_VERSION) {
    write.push({ name: "termux-clipboard-set", args: [] });
    read.push({ name: "termux-clipboard-get", args: [] });
  }
  const hint = write.length ? undefined : "no display: DISPLAY and WAYLAND_DISPLAY are unset, so no clipboard tool can reach your screen";
  return hint ? { write, read, hint } : { write, read };
}

const TIMEOUT_MS = 3000;
const MAX_READ = 256 * 1024 * 1024;

interface ToolResult {
  readonly ok: boolean;
  readonly missing?: boolean;
  readonly stdout: Buffer;
  readonly problem: string;
}

function runTool(tool: Tool, env: Readonly<Record<string, string | undefined>>, input?: string): Promise<ToolResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ToolResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const child = spawn(tool.name, [...tool.args], { stdio: ["pipe", "pipe", "pipe"], env: { ...env } as NodeJS.ProcessEnv, windowsHide: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      done({ ok: false, stdout: Buffer.alloc(0), problem: `${tool.name} timed out` });
    }, TIMEOUT_MS);
    timer.unref?.();
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done({ ok: false, missing: e.code === "ENOENT", stdout: Buffer.alloc(0), problem: `${tool.name}: ${e.code ?? e.message}` });
    });
    child.stdout.on("data", (c: Buffer) => {
      if (outBytes < MAX_READ) out.push(c);
      outBytes += c.length;
    });
    child.stderr.on("data", (c: Buffer) => {
      if (err.length < 500) err += c.toString("utf8");
    });
    child.stdin.on("error", () => {}); // a tool that exits without reading: its exit status says why
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const first = err.split("\n").find((l) => l.trim())?.trim();
      done({ ok: code === 0, stdout: Buffer.concat(out), problem: `${tool.name} ${signal ? `killed by ${signal}` : `exit ${code}`}${first ? `: ${first}` : ""}` });
    });
    if (input === undefined) child.stdin.end();
    else child.stdin.end(tool.encoding === "utf16le" ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(input, "utf16le")]) : Buffer.from(input, "utf8"));
  });
}

async function tryTools(set: ToolSet, tools: readonly Tool[], env: Readonly<Record<string, string | undefined>>, input?: string): Promise<Buffer> {
  const problems: string[] = [];
  for (const tool of tools) {
    const r = await runTool(tool, env, input);
    if (r.ok) return r.stdout;
    problems.push(r.missing ? `${tool.name} not found` : r.problem);
  }
  throw new Error(set.hint ?? (problems.length ? problems.join("; ") : "no clipboard tool for this platform"));
}

export function systemClipboard(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): Clipboard {
  const set = clipboardTools(platform, env);
  return {
    async read() {
      return (await tryTools(set, set.read, env)).toString("utf8");
    },
    async write(text) {
      await tryTools(set, set.write, env, text);
    },
  };
}

/**
 * OSC 52: "put this text on the clipboard", understood by most terminal emulators (and forwarded over SSH,
 * since it travels in the output). tmux passes it on with `set -g set-clipboard on`.
 */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`;
}
