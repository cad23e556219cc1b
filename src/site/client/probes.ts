// What the user pasted from `nvcc --version`, `nvidia-smi` and the torch one-liner, read into the live
// facts that core's check compares with the log, by the parsers the probes declare (probe/facts.ts): the
// same fact names the CLI's probes report. Pure: text in, facts out.
import type { LiveFacts, ProbeStatus } from "../../core/types.js";
import { PASTE_SOURCES, type PasteSource } from "../../probe/facts.js";

export type ProbeName = PasteSource["box"];

/** The pasted outputs as LiveFacts; a box left empty is a probe "not run" (absent from the list). */
export function liveFactsFromPastes(pastes: Partial<Record<ProbeName, string>>): { live: LiveFacts; unread: ProbeName[] } {
  const facts: Record<string, string> = {};
  const probes: ProbeStatus[] = [];
  const unread: ProbeName[] = [];
  for (const source of PASTE_SOURCES) {
    const text = pastes[source.box]?.trim();
    if (!text) continue;
    const got = source.parse(text);
    const ok = Object.keys(got).length > 0;
    if (!ok) unread.push(source.box);
    // nvidia-smi's GPU list wins over torch's capability when both were pasted.
    for (const [k, v] of Object.entries(got)) if (!(k in facts) || source.box === "smi") facts[k] = v;
    probes.push({ name: source.probe, command: "(pasted)", status: ok ? "ok" : "unreadable", detail: ok ? "pasted" : "the pasted text was not recognised", ms: 0 });
  }
  return { live: { facts, probes }, unread };
}
