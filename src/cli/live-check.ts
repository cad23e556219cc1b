// The CLI side of verification: runs the probes once per process (in parallel, with time limits), checks
// a report against them, and puts fix commands on the clipboard. The comparing and walking is in core.

import type { KnowledgeBase, LiveFacts, Report } from "../core/types.js";
import { checkLive } from "../core/verify.js";
import { collectLiveFacts } from "../probe/probes.js";
import { osc52, type Clipboard } from "./clipboard.js";

export interface ProbeRequest {
  readonly python?: string;
  readonly project?: string;
}

export type Prober = (request: ProbeRequest) => Promise<LiveFacts>;

export type { Clipboard } from "./clipboard.js";

export function defaultProber(env: Readonly<Record<string, string | undefined>>): Prober {
  return (r) =>
    collectLiveFacts({
      env,
      platform: process.platform,
      cwd: process.cwd(),
      ...(r.python ? { python: r.python } : {}),
      ...(r.project ? { project: r.project } : {}),
    });
}

/** Probes at most once per request shape: several logs in one call share the live facts. */
export function memoProber(prober: Prober): Prober {
  const cache = new Map<string, Promise<LiveFacts>>();
  return (r) => {
    const key = `${r.python ?? ""}\0${r.project ?? ""}`;
    let p = cache.get(key);
    if (!p) cache.set(key, (p = prober(r)));
    return p;
  };
}

/** The report with `verification` and `decision` filled from the live facts (and the facts themselves). */
export function withLive(report: Report, kb: KnowledgeBase, live: LiveFacts): Report & { environment: LiveFacts } {
  const { verification, decision } = checkLive(report, kb, live);
  return { ...report, verification, decision, environment: { facts: live.facts, probes: live.probes } };
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

/** What the log commands, doctor and paste share: the probes (once), the check, the clipboard. */
export interface LiveTools {
  readonly probe: (opts: LiveOptions) => Promise<LiveFacts>;
  readonly check: (report: Report, kb: KnowledgeBase, opts: LiveOptions) => Promise<Report>;
  /**
   * --copy: the fix commands to the clipboard (`lead` first: the root cause's own, then the decisions'),
   * and one line saying what was copied. Without a clipboard tool, on a terminal, the OSC 52 escape asks
   * the terminal to take them (SSH, tmux); otherwise one line says so (and prints them under --json).
   */
  readonly copy: (decisions: readonly unknown[], opts: LiveOptions, warn: (s: string) => void, lead?: readonly string[]) => Promise<void>;
  readonly clipboard: Clipboard;
}

/** `terminal`: where the OSC 52 escape may go (a TTY: stderr, so that stdout stays data). */
export function liveTools(prober: Prober, clipboard: Clipboard, terminal?: { isTTY?: boolean; write(s: string): unknown }): LiveTools {
  const probe = memoProber(prober);
  const request = (o: LiveOptions): ProbeRequest => ({ ...(o.python ? { python: o.python } : {}), ...(o.project ? { project: o.project } : {}) });
  return {
    clipboard,
    probe: (o) => probe(request(o)),
    check: async (report, kb, o) => withLive(report, kb, await probe(request(o))),
    copy: async (decisions, o, warn, lead = []) => {
      const texts: string[] = [];
      for (const t of lead) if (!texts.includes(t)) texts.push(t);
      for (const d of decisions) {
        const cmds = (d as { commands?: { text: string }[] } | null)?.commands ?? [];
        for (const c of cmds) if (!texts.includes(c.text)) texts.push(c.text);
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
