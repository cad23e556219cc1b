// The CLI side of verification: this machine as core's pipeline takes it (the probes, run once per process,
// in parallel, with time limits, for the Python and project the options name), and fix commands put on the
// clipboard. The comparing and walking is in core (core/diagnose.ts calls it).

import type { LiveProbe } from "../core/diagnose.js";
import { isDecision, type LiveFacts, type Report } from "../core/types.js";
import { collectLiveFacts } from "../probe/probes.js";
import { osc52, type Clipboard } from "./clipboard.js";
import { statSync } from "node:fs";
import { UsageError, type Prober, type ProbeRequest } from "./deps.js";

export type { Prober, ProbeRequest } from "./deps.js";

export type { Clipboard } from "./clipboard.js";

export function defaultProber(env: Readonly<Record<string, string | undefined>>): Prober {
  return (r) =>
    collectLiveFacts({
      env,
      platform: process.platform,
      cwd: process.cwd(),
      ...(r.python ? { python: r.python } : {}),
      ...(r.project ? { project: r.project } : {}),
      ...(r.archs?.length ? { archs: r.archs } : {}),
    });
}

/** --python and --project name things that exist: a typo is a usage error, not a machine without torch. */
export function checkPaths(r: ProbeRequest, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): void {
  if (r.python) {
    const hasSep = /[\\/]/.test(r.python);
    const dirs = hasSep ? [""] : (env.PATH ?? env.Path ?? "").split(platform === "win32" ? ";" : ":").filter(Boolean);
    const names = platform === "win32" && !/\.exe$/i.test(r.python) ? [r.python, `${r.python}.exe`] : [r.python];
    const found = dirs.some((d) => names.some((n) => isFile(d ? `${d}/${n}` : n)));
    if (!found) throw new UsageError(`--python ${r.python}: ${hasSep ? "no such file" : "not found on PATH"}`);
  }
  if (r.project) {
    let dir = false;
    try {
      dir = statSync(r.project).isDirectory();
    } catch {
      throw new UsageError(`--project ${r.project}: no such folder`);
    }
    if (!dir) throw new UsageError(`--project ${r.project}: not a folder`);
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Probes at most once per request shape: several logs in one call share the live facts. */
export function memoProber(prober: Prober): Prober {
  const cache = new Map<string, Promise<LiveFacts>>();
  return (r) => {
    const key = `${r.python ?? ""}\0${r.project ?? ""}\0${(r.archs ?? []).join(";")}`;
    let p = cache.get(key);
    if (!p) cache.set(key, (p = prober(r)));
    return p;
  };
}

/** One line on why there is no clipboard (headless, SSH): the first line of the tool's complaint. */
export function clipboardProblem(e: unknown): string {
  const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.trim();
  return msg.length > 140 ? `${msg.slice(0, 139)}…` : msg;
}

export interface LiveOptions {
  python?: string;
  project?: string;
  copy?: boolean;
  json?: boolean;
  /** false: never fall back to the OSC 52 escape (--no-osc52). */
  osc52?: boolean;
}

/** What the log commands, doctor and paste share: the probes (once), the clipboard. */
export interface LiveTools {
  /** This machine, for core's `diagnose`: the probes for the Python and project folder `opts` name (checked to exist). */
  readonly machine: (opts: LiveOptions) => LiveProbe;
  /**
   * --copy: the fix commands to the clipboard (`lead` first: the root cause's own, then the decisions'),
   * and one line saying what was copied. Without a clipboard tool, on a terminal, the OSC 52 escape asks
   * the terminal to take them (SSH, tmux); otherwise one line says so (and prints them under --json).
   */
  readonly copy: (decisions: readonly Report["decision"][], opts: LiveOptions, warn: (s: string) => void, lead?: readonly string[]) => Promise<void>;
  readonly clipboard: Clipboard;
}

/** `terminal`: where the OSC 52 escape may go (a TTY: stderr, so that stdout stays data). */
export function liveTools(
  prober: Prober,
  clipboard: Clipboard,
  terminal?: { isTTY?: boolean; write(s: string): unknown },
  env: Readonly<Record<string, string | undefined>> = process.env,
): LiveTools {
  const probe = memoProber(prober);
  const request = (o: LiveOptions, archs: readonly string[] = []): ProbeRequest => {
    const r: ProbeRequest = { ...(o.python ? { python: o.python } : {}), ...(o.project ? { project: o.project } : {}), ...(archs.length ? { archs } : {}) };
    checkPaths(r, env);
    return r;
  };
  return {
    clipboard,
    machine: (o) => (r) => probe(request(o, r.archs)),
    copy: async (decisions, o, warn, lead = []) => {
      const texts: string[] = [];
      for (const t of lead) if (!texts.includes(t)) texts.push(t);
      for (const d of decisions) {
        for (const c of isDecision(d) ? d.commands : []) if (!texts.includes(c.text)) texts.push(c.text);
      }
      if (!texts.length) {
        warn("cudafix: --copy: no fix commands to copy\n");
        return;
      }
      const text = texts.join("\n\n") + "\n";
      const lines = text.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#")).length;
      const first = text.split("\n").find((l) => l.trim() && !l.trim().startsWith("#"))?.trim() ?? "";
      const what = `${texts.length} fix command block(s), ${lines} command line(s), starting with: ${first.length > 60 ? `${first.slice(0, 59)}…` : first}`;
      try {
        await clipboard.write(text);
        warn(`cudafix: copied to the clipboard: ${what}\n`);
      } catch (e) {
        if (o.osc52 !== false && terminal?.isTTY) {
          terminal.write(osc52(text));
          warn(`cudafix: no clipboard tool here (${clipboardProblem(e)}); asked your terminal to copy ${what} (OSC 52; --no-osc52 turns this off)\n`);
          return;
        }
        warn(`cudafix: no clipboard here (${clipboardProblem(e)}); the fix commands are ${o.json ? "below" : "printed above"}\n`);
        if (o.json) warn(text);
      }
    },
  };
}
