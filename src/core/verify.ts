// Verification: a finding of the log set against what the probes found on this machine now, and the
// problems this machine has that the log does not show yet. Which comparisons mean what is written in
// the notes (`verify:` lists) and the decision trees (`Verdict:` and `Problem:` leaves); this module
// only compares and walks.

import { compareVersions } from "./expr.js";
import { commandsFor, walkTree } from "./decide.js";
import { LIVE_FACTS } from "./facts.js";
import type {
  Decision, DecisionWalk, Evidence, Facts, Finding, FixCommands, KnowledgeBase, LiveFacts, Report, Shell, Signature,
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

export function probeOf(live: LiveFacts, fact: string): { probe: string; status: string } {
  const probe = LIVE_FACTS[fact]?.probe ?? "?";
  const st = live.probes.find((p) => p.name === probe);
  if (!st) return { probe, status: "not run" };
  return { probe, status: st.status === "ok" ? "ok" : `${st.status}: ${st.detail}` };
}

function evidenceFor(fact: string, logValue: string | null, live: LiveFacts): Evidence {
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
function pathEvidence(root: WalkedNode, logFacts: Facts, live: LiveFacts): Evidence[] {
  const names: string[] = [];
  const visit = (n: WalkedNode): void => {
    if (n.value !== undefined) for (const f of Object.keys(n.facts ?? {})) if (!names.includes(f)) names.push(f);
    for (const c of n.children) if (c.value !== undefined) visit(c);
  };
  visit(root);
  const byName = new Map<string, Evidence>();
  for (const f of names) {
    const isLog = f.startsWith("log.");
    const name = isLog ? f.slice(4) : f;
    const prev = byName.get(name);
    const logValue = isLog ? logFacts[name] ?? null : prev?.log ?? null;
    if (!isLog || LIVE_FACTS[name]) byName.set(name, evidenceFor(name, logValue, live));
    else byName.set(name, { fact: name, log: logValue, live: null, same: null, probe: "log only", probeStatus: "ok" });
  }
  return [...byName.values()];
}

function describeMissing(missing: readonly string[], live: LiveFacts): string {
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

/** Verifies the report's findings and walks the trees; `report` null is `cudafix doctor` (no log). */
export function checkLive(report: Pick<Report, "findings" | "rootCause" | "logFacts"> | null, kb: KnowledgeBase, live: LiveFacts): LiveCheck {
  const notes = new Map(kb.notes.map((n) => [n.id, n]));
  const trees = kb.notes.filter((n) => n.kind === "tree" && n.tree);
  const logFacts = report?.logFacts ?? {};
  const verification: VerificationEntry[] = [];
  const walks: DecisionWalk[] = [];
  const walked = new Set<string>();

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
    if (!note.verify.length && !applying.length) continue;
    const scopeLog: Facts = { ...logFacts, ...finding.facts };
    const evidence = note.verify.map((f) => evidenceFor(f, scopeLog[f] ?? null, live));
    let entry: VerificationEntry | null = null;
    for (const t of applying) {
      const walk = walkTree(t, { live: live.facts, log: scopeLog }, isRoot ? "root cause" : "finding");
      if (!walked.has(t.id)) {
        walks.push(walk);
        walked.add(t.id);
      }
      if (entry) continue;
      const more = pathEvidence(walk.root, scopeLog, live).filter((e) => !evidence.some((x) => x.fact === e.fact));
      if (walk.outcome === "undecided") {
        entry = { kind: "finding", id: finding.id, line: finding.line, verdict: "unverifiable", because: describeMissing(walk.missing, live), evidence: [...evidence, ...more], tree: t.id };
      } else if (walk.verdict) {
        entry = {
          kind: "finding", id: finding.id, line: finding.line, verdict: walk.verdict,
          ...(walk.pointsTo ? { pointsTo: walk.pointsTo } : {}),
          because: walk.path.join(" → "), evidence: [...evidence, ...more], tree: t.id,
        };
      }
    }
    entry ??= genericVerdict(finding, note, evidence, live);
    if (entry) verification.push(entry);
  }

  // Standing checks: every tree not walked yet; a `Problem:` leaf is a problem the log does not show.
  const seen = new Set(findings.map((f) => f.id));
  for (const t of trees) {
    if (walked.has(t.id)) continue;
    const walk = walkTree(t, { live: live.facts, log: logFacts }, "standing");
    walks.push(walk);
    if (walk.problem && !seen.has(walk.problem)) {
      seen.add(walk.problem);
      verification.push({
        kind: "standing", id: walk.problem, line: null, verdict: "confirmed",
        because: walk.path.join(" → "), evidence: pathEvidence(walk.root, logFacts, live), tree: t.id,
      });
    }
  }

  const shell = shellOf(live);
  const commands: FixCommands[] = [];
  const useful = walks.filter((w) => w.reason !== "standing" || w.problem);
  for (const w of useful) {
    for (const c of commandsFor(w, shell)) if (!commands.some((d) => d.text === c.text)) commands.push(c);
  }
  return { verification, decision: { walks, commands, shell } };
}

function genericVerdict(finding: Finding, note: Signature, evidence: Evidence[], live: LiveFacts): VerificationEntry | null {
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
