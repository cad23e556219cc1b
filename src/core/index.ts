// The core's public entry: what the CLI, the paste page and another tool build on. One pipeline (diagnose),
// the compiled knowledge it runs on (Engine), the output formats (RENDERERS), the search over the notes, and
// the Report's types. Pinned by test/exports.test.ts: a name added or removed here is a decision.

export { Engine } from "./analyze.js";
export { diagnose, diagnosis, Diagnosis, logArchVariants, withLive } from "./diagnose.js";
export type { DiagnoseOptions, LiveProbe, LiveRequest, LogInput } from "./diagnose.js";
export { FORMATS, RENDERERS, rendererFor } from "./render/index.js";
export type { ContextLine, KnowledgeVersion, RenderedLog, Renderer, RenderOptions, TextStyle } from "./render/index.js";
export { NoteSearch } from "./search.js";
export { isDecision, REPORT_SCHEMA } from "./types.js";
export type {
  Decision, DecisionWalk, Evidence, Facts, Finding, KnowledgeBase, LiveFacts, LogStats, NoDecision, ProbeStatus, Report, RootCause,
  Severity, Signature, Symptom, Unrecognized, VerificationEntry, Verdict, WalkedNode,
} from "./types.js";
