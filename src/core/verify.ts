// Verification: a finding of the log set against what the probes found on this machine now, and the
// problems this machine has that the log does not show yet. Which comparisons mean what is written in
// the notes (`verify:` lists) and the decision trees (`Verdict:` and `Problem:` leaves); this module
// only compares and walks.

import { compareVersions, fillPlaceholders, type FactScope } from "./expr.js";
import { commandsFor, walkTree } from "./decide.js";
import type {
  Decision, DecisionWalk, Evidence, Facts, Finding, FixCommands, KnowledgeBase, LiveFacts, LiveFactSpec, Report, Shell, Signature,
  VerificationEntry, WalkedNode,
} from "./types.js";

export interface LiveCheck {
  readonly verification: VerificationEntry[];
  readonly decision: Decision;
}

const VERSION = /^\d+(?:\.\d+)*$/;

function sameValue(a: string, b: string): boolean {
  if (VERSION.test(a) && VERSION.test(b)) return compareVersions(a, b) === 0;
  return a.trim() === b.trim();
}

/** The live facts with the probes' catalogue of them (KnowledgeBase.liveFacts): what each is, which probe reports it. */
type Measured = LiveFacts & { readonly about: Readonly<Record<string, LiveFactSpec>> };

function probeOf(live: Measured, fact: string): { probe: string; status: string } {
  const probe = live.about[fact]?.probe ?? "?";
  const st = live.probes.find((p) => p.name === probe);
  if (!st) return { probe, status: "not run" };
  return { probe, status: st.status === "ok" ? "ok" : st.detail.startsWith(st.status) ? st.detail : `${st.status}: ${st.detail}` };
}

function evidenceFor(fact: string, logValue: string | null, live: Measured): Evidence {
  const liveValue = live.facts[fact] ?? null;
  const { probe, status } = probeOf(live, fact);
  return {
    fact,
    log: logValue,
    live: liveValue,
    same: logValue === null || liveValue === null ? null : sameValue(logValue, liveValue),
    probe,
    probeStatus: status,
  };
}

/** The facts read along the branch taken, side by side: log.X against X. */
function pathEvidence(root: WalkedNode, logFacts: Facts, live: Measured): Evidence[] {
  const names: string[] = [];
  const visit = (n: WalkedNode): void => {
    if (n.value !== undefined) for (const f of Object.keys(n.facts ?? {})) if (!names.includes(f)) names.push(f);
    for (const c of n.children) if (c.value !== undefined) visit(c);
  };
  visit(root);
  const byName = new Map<string, Evidence>();
  // log.nvcc is set against the nvcc torch runs (cudaHomeNvcc) when the path reads that, not PATH's.
  const counterpart = (logName: string): string =>
    names.find((n) => !n.startsWith("log.") && live.about[n]?.logName === logName) ?? logName;
  for (const f of names) {
    const isLog = f.startsWith("log.");
    const name = isLog ? counterpart(f.slice(4)) : f;
    const prev = byName.get(name);
    const logValue = isLog ? logFacts[f.slice(4)] ?? null : prev?.log ?? logFacts[live.about[name]?.logName ?? "\u0000"] ?? null;
    if (!isLog || live.about[name]) byName.set(name, evidenceFor(name, logValue, live));
    else byName.set(name, { fact: name, log: logValue, live: null, same: null, probe: "log only", probeStatus: "ok" });
  }
  return [...byName.values()];
}

function describeMissing(missing: readonly string[], live: Measured): string {
  const parts = missing.map((f) => {
    if (f.startsWith("log.")) return `the log does not show ${f.slice(4)}`;
    const { probe, status } = probeOf(live, f);
    return `${f} is unknown (${probe}: ${status === "ok" ? "gave no value" : status})`;
  });
  return [...new Set(parts)].join("; ");
}

export function shellOf(live: LiveFacts): Shell {
  const s = live.facts.shell;
  return s === "powershell" || s === "cmd" ? s : "sh";
}

/**
 * The facts read on the branch taken that are unknown because their probe failed or timed out (not because
 * the tool is absent, which is a measurement): a verdict resting on them is not a confirmation.
 */
function failedReads(root: WalkedNode, live: Measured): string[] {
  const out: string[] = [];
  const visit = (n: WalkedNode): void => {
    if (!n.taken) return;
    for (const [f, v] of Object.entries(n.facts ?? {})) {
      if (v !== null || f.startsWith("log.")) continue;
      const { status } = probeOf(live, f);
      if (status !== "ok" && status !== "not run" && !status.startsWith("absent")) {
        const why = `${f} is unknown (${probeOf(live, f).probe}: ${status})`;
        if (!out.includes(why)) out.push(why);
      }
    }
    n.children.forEach(visit);
  };
  root.children.forEach(visit);
  return out;
}

/** A walk's outcome as a verdict on the finding it was walked for; null when the leaf says nothing about it. */
function walkVerdict(walk: DecisionWalk, live: Measured): Pick<VerificationEntry, "verdict" | "because" | "pointsTo"> | null {
  if (walk.outcome === "undecided") return { verdict: "unverifiable", because: describeMissing(walk.missing, live) };
  if (!walk.verdict) return null;
  const failed = failedReads(walk.root, live);
  if (failed.length && walk.verdict !== "unverifiable") return { verdict: "unverifiable", because: failed.join("; ") };
  return { verdict: walk.verdict, because: walk.path.join(" → "), ...(walk.pointsTo ? { pointsTo: walk.pointsTo } : {}) };
}

/** Verifies the report's findings and walks the trees; `report` null is `cudafix doctor` (no log). */
export function checkLive(report: Pick<Report, "findings" | "rootCause" | "logFacts"> | null, kb: KnowledgeBase, facts: LiveFacts): LiveCheck {
  const about = kb.liveFacts ?? {};
  const live: Measured = { ...facts, about };
  const notes = new Map(kb.notes.map((n) => [n.id, n]));
  const trees = kb.notes.filter((n) => n.kind === "tree" && n.tree);
  const logFacts = report?.logFacts ?? {};
  const walks: DecisionWalk[] = [];
  const walked = new Set<string>();
  const byFinding = new Map<string, { finding: Finding; entry: VerificationEntry | null; walks: DecisionWalk[] }>();

  // One finding per cause id: the root cause first, then the others in line order.
  const findings: Finding[] = [];
  if (report) {
    const root = report.rootCause ? report.findings.find((f) => f.id === report.rootCause!.id && f.line === report.rootCause!.line) : undefined;
    for (const f of [...(root ? [root] : []), ...report.findings]) if (!findings.some((g) => g.id === f.id)) findings.push(f);
  }
  for (const finding of findings) {
    const note = notes.get(finding.id);
    if (!note) continue;
    const isRoot = report?.rootCause?.id === finding.id;
    const applying = trees.filter((t) => t.appliesTo.includes(finding.id));
    const scopeLog: Facts = { ...logFacts, ...finding.facts };
    const evidence = note.verify.map((f) => evidenceFor(f, scopeLog[about[f]?.logName ?? f] ?? null, live));
    let entry: VerificationEntry | null = null;
    const own: DecisionWalk[] = [];
    for (const t of applying) {
      const walk = walkTree(t, { live: live.facts, log: scopeLog, about }, isRoot ? "root cause" : "finding");
      own.push(walk);
      if (!walked.has(t.id)) {
        walks.push(walk);
        walked.add(t.id);
      }
      if (entry) continue;
      const v = walkVerdict(walk, live);
      if (!v) continue;
      const more = pathEvidence(walk.root, scopeLog, live).filter((e) => !evidence.some((x) => x.fact === e.fact));
      entry = { kind: "finding", id: finding.id, line: finding.line, ...v, evidence: [...evidence, ...more], tree: t.id };
    }
    entry ??= genericVerdict(finding, note, evidence, live);
    byFinding.set(finding.id, { finding, entry, walks: own });
  }

  // Standing checks: every tree not walked yet; a `Problem:` leaf is a problem the log does not show.
  // One that names a finding still without a verdict gives that finding its verdict (the same evidence).
  const standing: VerificationEntry[] = [];
  const seen = new Set<string>();
  for (const t of trees) {
    if (walked.has(t.id)) continue;
    const walk = walkTree(t, { live: live.facts, log: logFacts, about }, "standing");
    walks.push(walk);
    if (!walk.problem || walk.outcome !== "leaf") continue;
    const failed = failedReads(walk.root, live);
    const verdict = failed.length ? "unverifiable" : "confirmed";
    const because = failed.length ? failed.join("; ") : walk.path.join(" → ");
    const evidence = pathEvidence(walk.root, logFacts, live);
    const pending = byFinding.get(walk.problem);
    if (pending && !pending.entry) {
      pending.entry = { kind: "finding", id: pending.finding.id, line: pending.finding.line, verdict, because, evidence, tree: t.id };
      pending.walks.push(walk);
      continue;
    }
    if (pending || seen.has(walk.problem)) continue;
    seen.add(walk.problem);
    standing.push({ kind: "standing", id: walk.problem, line: null, verdict, because, evidence, tree: t.id });
  }

  // A finding that no tree and no `verify:` list covers still gets a verdict, saying what is missing.
  const verification: VerificationEntry[] = [];
  for (const { finding, entry } of byFinding.values()) {
    if (!entry && finding.severity !== "fatal") continue;
    verification.push(entry ?? {
      kind: "finding", id: finding.id, line: finding.line, verdict: "unverifiable",
      because: "no probe measures this cause: no decision tree applies to it and its note names no live facts to compare (verify:)",
      evidence: [],
    });
  }
  verification.push(...standing);

  const shell = shellOf(live);
  const blocks: FixCommands[] = [];
  const add = (cs: readonly FixCommands[]): void => {
    for (const c of cs) blocks.push(c);
  };
  // The root cause's fix first: from its tree's leaf, else from its note's "How to fix" (filled, in words where unknown).
  const rootId = report?.rootCause?.id;
  const root = rootId ? byFinding.get(rootId) : undefined;
  if (root) {
    const fromTrees = root.walks.flatMap((w) => commandsFor(w, shell));
    if (fromTrees.length) add(fromTrees);
    else if (root.entry?.verdict !== "no longer true") {
      const note = notes.get(root.finding.id);
      if (note) add(noteCommands(note, shell, { live: live.facts, log: { ...logFacts, ...root.finding.facts }, about }));
    }
  }
  // Then the fixes of the standing problems that are confirmed.
  for (const v of standing) {
    if (v.verdict !== "confirmed") continue;
    const w = walks.find((x) => x.tree === v.tree && x.reason === "standing");
    if (w) add(commandsFor(w, shell));
  }
  const told = walks.map((w) => (w.outcome === "undecided" ? { ...w, unknown: describeMissing(w.missing, live) } : w));
  return { verification, decision: { walks: told, commands: dedupeCommands(blocks), shell } };
}

/**
 * Without the live check (--no-verify): the root cause's fix commands from its note alone, filled with what
 * the log shows (the rest in words), for --copy to have what the report prints.
 */
export function offlineDecision(report: Pick<Report, "findings" | "rootCause" | "logFacts">, kb: KnowledgeBase, shell: Shell = "sh"): Decision {
  const root = report.rootCause;
  const finding = root ? report.findings.find((f) => f.id === root.id && f.line === root.line) : undefined;
  const note = root ? kb.notes.find((n) => n.id === root.id) : undefined;
  const commands = note && finding ? noteCommands(note, shell, { live: {}, log: { ...report.logFacts, ...finding.facts }, about: kb.liveFacts ?? {} }) : [];
  return { walks: [], commands, shell };
}

/** Blocks without the lines an earlier block already has (the same export from two trees), empty ones dropped. */
function dedupeCommands(blocks: readonly FixCommands[]): FixCommands[] {
  const seen = new Set<string>();
  const out: FixCommands[] = [];
  for (const b of blocks) {
    const lines = b.text.split("\n").filter((l) => {
      const key = `${b.shell}\0${l.trim()}`;
      if (!l.trim() || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (lines.length) out.push({ shell: b.shell, text: lines.join("\n") });
  }
  return out;
}

const FENCE = /^```(\w*)[^\n]*\n([\s\S]*?)^```/gm;
const SHELL_OF_FENCE: Readonly<Record<string, Shell>> = { sh: "sh", bash: "sh", shell: "sh", console: "sh", powershell: "powershell", ps1: "powershell", pwsh: "powershell", cmd: "cmd", bat: "cmd" };

/** The first code block of a note's "How to fix" for this shell, its placeholders filled (a log value only when it is a plain word). */
function noteCommands(note: Signature, shell: Shell, scope: FactScope): FixCommands[] {
  const fix = note.sections["How to fix"] ?? "";
  for (const m of fix.matchAll(FENCE)) {
    if (SHELL_OF_FENCE[m[1]!.toLowerCase()] !== shell) continue;
    const safeLog = Object.fromEntries(Object.entries(scope.log).filter(([, v]) => /^[\w.+\/:=@%,-]{1,200}$/.test(v)));
    const text = fillPlaceholders(m[2]!.replace(/\n+$/, ""), { ...scope, live: { ...scope.live, ...safeLog }, log: safeLog }).text;
    return [{ shell, text }];
  }
  return [];
}

function genericVerdict(finding: Finding, note: Signature, evidence: Evidence[], live: Measured): VerificationEntry | null {
  if (!evidence.length) return null;
  const base = { kind: "finding" as const, id: finding.id, line: finding.line, evidence };
  const unknownLive = evidence.filter((e) => e.live === null);
  if (unknownLive.length) {
    return { ...base, verdict: "unverifiable", because: describeMissing(unknownLive.map((e) => e.fact), live) };
  }
  const compared = evidence.filter((e) => e.same !== null);
  if (!compared.length) {
    return { ...base, verdict: "unverifiable", because: `the log does not show ${evidence.map((e) => e.fact).join(", ")}` };
  }
  const changed = compared.filter((e) => e.same === false);
  if (changed.length) {
    return { ...base, verdict: "no longer true", because: changed.map((e) => `${e.fact} was ${e.log} in the log and is ${e.live} now`).join("; ") };
  }
  return { ...base, verdict: "confirmed", because: `${note.verify.join(", ")} on this machine ${compared.length > 1 ? "are" : "is"} still as the log shows` };
}
