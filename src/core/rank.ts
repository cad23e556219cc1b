// Stage 4: findings → the root cause. Symptom lines never compete. Among fatal findings the note with the
// highest priority wins, then the earliest line: the first failure is the cause, what follows repeats it.

import type { Finding, RootCause, Signature, Symptom } from "./types.js";

export function chooseRootCause(
  findings: readonly Finding[],
  symptoms: readonly Symptom[],
  notes: ReadonlyMap<string, Signature>,
): RootCause | null {
  let best: Finding | null = null;
  let bestPriority = -Infinity;
  // An error line that no note knows is fatal but names no cause; only cause notes compete.
  const causes = findings.filter((f) => f.severity === "fatal" && !f.unexplained && notes.get(f.id)?.kind === "cause");
  for (const f of causes) {
    const priority = notes.get(f.id)?.priority ?? 0;
    if (!best || priority > bestPriority || (priority === bestPriority && f.line < best.line)) {
      best = f;
      bestPriority = priority;
    }
  }
  if (!best) return null;
  const chosen = best;
  const reasons: string[] = [];
  const earlier = causes.filter((f) => f.line < chosen.line && f.id !== chosen.id);
  if (earlier.length === 0) {
    reasons.push(`line ${chosen.line} is the first line that a note recognises as fatal`);
  } else {
    const ids = [...new Set(earlier.map((f) => f.id))].join(", ");
    reasons.push(`${chosen.id} outranks the earlier fatal line(s) of ${ids}: it explains them`);
  }
  if (chosen.why) reasons.push(chosen.why);
  const others = causes.filter((f) => f.line > chosen.line && f.id !== chosen.id);
  if (others.length) {
    reasons.push(`${others.length} later fatal line(s) of other notes follow from it or come after it`);
  }
  const after = symptoms.filter((s) => s.line > chosen.line);
  if (after.length) {
    const shown = after.slice(0, 3).map((s) => s.line).join(", ");
    reasons.push(`${after.length} later line(s) only repeat the failure (line ${shown}${after.length > 3 ? ", ..." : ""})`);
  }
  const refines = notes.get(chosen.id)?.refines;
  return { id: chosen.id, ...(refines ? { refines } : {}), line: chosen.line, why: reasons.join("; ") + "." };
}
