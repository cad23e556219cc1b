// The shapes that flow between the stages: compiled knowledge base → matcher → report.
// Nothing here knows about any particular CUDA error.

export type Severity = "fatal" | "harmless";
export type NoteKind = "cause" | "symptom" | "error-like" | "prefix" | "fact" | "tree" | "reference";
export type Stage = "configure" | "compile" | "link" | "load" | "run";

/** A condition on the lines around a match. */
export interface Condition {
  /** Regex source tested on a neighbouring (cleaned) line, or the line itself for `line`. */
  readonly regex: string;
  readonly where: "before" | "after" | "line";
  /** How many lines before/after count; ignored for `line`. */
  readonly within: number;
  /** Negated: the condition holds when no such line is found. */
  readonly not: boolean;
}

export interface Flip {
  readonly to: Severity;
  readonly when: Condition;
}

export interface PatternSpec {
  readonly regex: string;
  readonly flags: string;
  readonly severity?: Severity;
  readonly requires: readonly Condition[];
  readonly flips: readonly Flip[];
  readonly set: Readonly<Record<string, string>>;
}

export interface ExampleSpec {
  readonly line: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly facts?: Readonly<Record<string, string>>;
  readonly severity?: Severity;
  /** Source position, for diagnostics. */
  readonly at: number;
}

export interface NoteSections {
  /** Markdown of each body section, keyed by its heading. */
  readonly [heading: string]: string;
}

/** A decision tree: conditions on facts, leading to a fix. Built from a `kind: tree` note. */
export interface TreeNode {
  /** The condition text shown to the reader ("torch's CUDA major equals nvcc's"). */
  readonly label: string;
  /** A small expression over facts, see core/decide.ts; absent on the root. */
  readonly test?: string;
  readonly children: readonly TreeNode[];
  /** Markdown of the action at a leaf. */
  readonly action?: string;
}

export interface Signature {
  readonly id: string;
  readonly kind: NoteKind;
  readonly title: string;
  readonly severity?: Severity;
  readonly stage?: Stage;
  readonly summary: string;
  readonly priority: number;
  readonly related: readonly string[];
  readonly releases: readonly string[];
  readonly verify: readonly string[];
  readonly patterns: readonly PatternSpec[];
  readonly examples: { readonly match: readonly ExampleSpec[]; readonly noMatch: readonly ExampleSpec[] };
  readonly sections: NoteSections;
  readonly tree?: TreeNode;
  /** Extra front-matter fields used by trees (which cause ids they apply to). */
  readonly appliesTo: readonly string[];
  /** Path of the note relative to content/, for diagnostics and links. */
  readonly file: string;
}

export interface KnowledgeBase {
  readonly schema: "cudafix.kb/1";
  readonly notes: readonly Signature[];
}

export type Facts = Record<string, string>;

export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly line: number;
  readonly text: string;
  readonly facts: Facts;
}

export interface Symptom {
  readonly id: string;
  readonly line: number;
  readonly text: string;
}

export interface Unrecognized {
  readonly line: number;
  readonly text: string;
  readonly nearest: readonly { readonly id: string; readonly score: number }[];
}

export interface RootCause {
  readonly id: string;
  readonly line: number;
  /** Why this finding was chosen over the others, in words. */
  readonly why: string;
}

export interface LogStats {
  readonly lines: number;
  readonly bytes: number;
  readonly encoding: string;
  /** Lines that were not valid UTF-8 and were decoded as GB18030 (Chinese-locale Windows). */
  readonly legacyDecodedLines: number;
  /** Lines longer than the matched part (only their head was matched). */
  readonly truncatedLines: number;
  readonly binary: boolean;
  /** Harmless findings beyond the per-note cap, counted but not listed. */
  readonly omittedFindings?: number;
}

export interface Report {
  readonly schema: "cudafix.report/1";
  readonly rootCause: RootCause | null;
  readonly findings: readonly Finding[];
  readonly symptoms: readonly Symptom[];
  readonly unrecognized: readonly Unrecognized[];
  /** Facts the log shows about the build as a whole (command-line settings, nvcc banner, arch flags). */
  readonly logFacts: Facts;
  readonly verification: readonly unknown[];
  readonly decision: unknown;
  readonly stats: LogStats;
}
