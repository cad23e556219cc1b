// What the user pasted from `nvcc --version`, `nvidia-smi` and the torch one-liner, read into the live
// facts that core/verify.ts compares with the log (the same names the CLI's probes report, core/facts.ts).
// Pure: text in, facts out.
import type { LiveFacts, ProbeStatus } from "../../core/types.js";
// The CLI's own parsers (pure): one reading of each tool's output for the terminal and the page.
import { gpuFacts, parseNvccVersion, type Gpu } from "../../probe/parse.js";

export type ProbeName = "nvcc" | "smi" | "torch";

export function parseNvcc(text: string): Record<string, string> {
  const r = parseNvccVersion(text);
  return r.ok ? r.facts : {};
}

/** What the page asks for: the CSV query (name, compute_cap, driver) and/or the head of the plain table. */
export function parseSmi(text: string): Record<string, string> {
  const gpus: Gpu[] = [];
  const named: string[] = [];
  let driver = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // --query-gpu=name,compute_cap,driver_version --format=csv,noheader → "NVIDIA H200, 9.0, 580.159.04"
    const csv = /^([^,|]+),\s*(\d+\.\d+),\s*(\d+(?:\.\d+)+)$/.exec(line);
    if (csv) {
      gpus.push({ index: String(gpus.length), name: csv[1]!.trim(), cap: csv[2]!, driver: csv[3]!, memory: "" });
      continue;
    }
    const table = /Driver Version:\s*(\d+(?:\.\d+)+)/.exec(line);
    if (table) driver ||= table[1]!;
    const gpuL = /^GPU \d+: (.+?) \(UUID/.exec(line);
    if (gpuL) named.push(gpuL[1]!);
  }
  if (gpus.length) return gpuFacts(gpus, "nvidia-smi");
  // Only the table or `nvidia-smi -L`: names and the driver, no capability.
  const facts: Record<string, string> = {};
  if (named.length) Object.assign(facts, { gpuNames: named.join(";"), gpuCount: String(named.length) });
  if (driver) facts.driver = driver;
  return facts;
}

/** `2.11.0+cu130 13.0 ['sm_75', 'sm_80'] (9, 0)`; a CPU build prints `2.13.0+cpu None [] None`. */
export function parseTorch(text: string): Record<string, string> {
  const m = /(\d+\.\d+\.\d+\S*)\s+(None|\d+\.\d+)\s+\[([^\]]*)\](?:\s+(None|\((\d+),\s*(\d+)\)))?/.exec(text);
  if (!m) return {};
  const facts: Record<string, string> = { torch: m[1]!, torchCuda: m[2] === "None" ? "" : m[2]! };
  const archs = [...m[3]!.matchAll(/sm_(\d+)/g)].map((a) => a[1]!);
  facts.torchArchList = archs.join(";");
  facts.cudaAvailable = m[4] === undefined ? "" : m[4] === "None" ? "false" : "true";
  if (m[5] !== undefined && m[6] !== undefined) {
    facts.gpuCaps = `${m[5]}.${m[6]}`;
    facts.gpuArch = `${m[5]}${m[6]}`;
    facts.gpuSource = "torch";
  }
  if (facts.cudaAvailable === "") delete facts.cudaAvailable;
  return facts;
}

const PARSERS: Record<ProbeName, { probes: string[]; parse: (t: string) => Record<string, string> }> = {
  nvcc: { probes: ["nvcc"], parse: parseNvcc },
  smi: { probes: ["nvidia-smi"], parse: parseSmi },
  torch: { probes: ["python"], parse: parseTorch },
};

/** The pasted outputs as LiveFacts; a box left empty is a probe "not run" (absent from the list). */
export function liveFactsFromPastes(pastes: Partial<Record<ProbeName, string>>): { live: LiveFacts; unread: ProbeName[] } {
  const facts: Record<string, string> = {};
  const probes: ProbeStatus[] = [];
  const unread: ProbeName[] = [];
  for (const name of Object.keys(PARSERS) as ProbeName[]) {
    const text = pastes[name]?.trim();
    if (!text) continue;
    const p = PARSERS[name];
    const got = p.parse(text);
    const ok = Object.keys(got).length > 0;
    if (!ok) unread.push(name);
    // nvidia-smi's GPU list wins over torch's capability when both were pasted.
    for (const [k, v] of Object.entries(got)) if (!(k in facts) || name === "smi") facts[k] = v;
    for (const probe of p.probes) {
      probes.push({ name: probe, command: "(pasted)", status: ok ? "ok" : "unreadable", detail: ok ? "pasted" : "the pasted text was not recognised", ms: 0 });
    }
  }
  return { live: { facts, probes }, unread };
}
