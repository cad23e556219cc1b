// The shapes that flow between the stages: compiled knowledge base → matcher → report.
// Nothing here knows about any particular CUDA error.

import type { Engine, RegexPlan } from "./note-regex.js";

export type Severity = "fatal" | "harmless";
export type NoteKind = "cause" | "symptom" | "error-like" | "prefix" | "fact" | "tree" | "reference";
export type Stage = "configure" | "compile" | "link" | "load" | "run";

/** A condition on the lines around a match. */
export interface Condition {
  /** Regex source tested on a neighbouring (cleaned) line, or the line itself for `line`. */
  readonly regex: string;
  /** The engine the compiler proved linear for it, and its RE2 form (see note-regex.ts). */
  readonly engine: Engine;
  readonly re2: string;
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

export interface PatternSpec extends RegexPlan {
  readonly severity?: Severity;
  readonly requires: readonly Condition[];
  readonly flips: readonly Flip[];
  readonly set: Readonly<Record<string, string>>;
  /**
   * Facts carried on by the next lines of a multi-line message (torch <= 2.7 prints the versions of a CUDA
   * mismatch on two lines): each regex's named groups, on one of the `within` lines after the match.
   */
  readonly next?: readonly { readonly regex: string; readonly engine: Engine; readonly re2: string; readonly within: number }[];
  /**
   * A condition on the log's outcome: the finding takes `failed` as its severity when the log goes on to fail
   * (a failure line follows it) and no other error line explains the failure; otherwise it keeps its own.
   */
  readonly outcome?: { readonly failed: Severity };
  /**
   * On a `prefix` note: not a prefix but the start of a message that a paste glued onto the line before it
   * (newlines lost): the line is cut before each place it matches, and each piece is matched on its own.
   */
  readonly split?: true;
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
  /** Source line of the item, for diagnostics. */
  readonly line?: number;
  /** At a leaf: what reaching it says about the finding the tree applies to (`Verdict:` line). */
  readonly verdict?: Verdict;
  /** At a leaf with verdict contradicted: the cause the live facts point to. */
  readonly pointsTo?: string;
  /** At a leaf: a standing problem of this machine, named by a cause id (`Problem:` line). */
  readonly problem?: string;
  /** At a leaf: the fix commands, by shell (code blocks tagged sh, powershell or cmd). */
  readonly commands?: readonly FixCommands[];
}

export type Shell = "sh" | "powershell" | "cmd";

export interface FixCommands {
  readonly shell: Shell;
  readonly text: string;
}

export type Verdict = "confirmed" | "no longer true" | "contradicted" | "unverifiable";

/** One fact compared between the log and this machine. */
export interface Evidence {
  readonly fact: string;
  /** The value the log showed; null when the log did not show it. */
  readonly log: string | null;
  /** The value found on this machine now; null when the probe could not tell (see `probe`). */
  readonly live: string | null;
  readonly same: boolean | null;
  /** The probe that reports the live value, and how it went ("ok", "absent", "timed out after 5 s", ...). */
  readonly probe: string;
  readonly probeStatus: string;
}

/** A verdict on a finding of the log (kind "finding") or a problem the log does not show (kind "standing"). */
export interface VerificationEntry {
  readonly kind: "finding" | "standing";
  readonly id: string;
  /** The log line of the finding; null for a standing problem. */
  readonly line: number | null;
  readonly verdict: Verdict;
  /** For contradicted: the cause the live facts point to. */
  readonly pointsTo?: string;
  /** In words: why this verdict. */
  readonly because: string;
  readonly evidence: readonly Evidence[];
  /** The decision tree that gave the verdict, if one did. */
  readonly tree?: string;
}

/** A tree node as walked: its condition's value and the facts it read. */
export interface WalkedNode {
  readonly label: string;
  readonly test?: string;
  /** true/false: evaluated; null: could not be decided (a fact was unknown); absent: not reached. */
  readonly value?: boolean | null;
  readonly facts?: Readonly<Record<string, string | null>>;
  readonly taken: boolean;
  readonly children: readonly WalkedNode[];
  readonly verdict?: Verdict;
  readonly problem?: string;
}

export interface DecisionWalk {
  readonly tree: string;
  readonly title: string;
  /** Why it was walked: it applies to the root cause, to another finding, or it is a standing check. */
  readonly reason: "root cause" | "finding" | "standing";
  readonly appliesTo: readonly string[];
  readonly root: WalkedNode;
  /** The labels of the branch taken, from the root. */
  readonly path: readonly string[];
  /** "leaf": a leaf was reached; "undecided": a condition on the way could not be evaluated. */
  readonly outcome: "leaf" | "undecided";
  /** Facts that were unknown where the walk stopped. */
  readonly missing: readonly string[];
  /** For an undecided walk: which facts were unknown and why (the probe and how it went), in words. */
  readonly unknown?: string;
  readonly verdict?: Verdict;
  readonly pointsTo?: string;
  readonly problem?: string;
  /** The leaf's advice, Markdown, placeholders filled. */
  readonly action?: string;
  readonly commands: readonly FixCommands[];
}

/** How one probe went: "ok", or why it gave no facts. */
export interface ProbeStatus {
  readonly name: string;
  /** What it ran, as the reader would type it (nothing is run through a shell). */
  readonly command: string;
  readonly status: "ok" | "absent" | "timed out" | "unreadable" | "failed";
  /** One line: the version found, "not on PATH", "timed out after 5 s", "exit 1: ...". */
  readonly detail: string;
  readonly ms: number;
}

/** What the probes found on this machine: flat facts (declared by the probes, src/probe/facts.ts) and how each probe went. */
export interface LiveFacts {
  readonly facts: Readonly<Record<string, string>>;
  readonly probes: readonly ProbeStatus[];
}

export interface Decision {
  readonly walks: readonly DecisionWalk[];
  /** The fix commands to run, in order, for the shell of this machine; placeholders filled with live values. */
  readonly commands: readonly FixCommands[];
  readonly shell: Shell;
}

export interface Signature {
  readonly id: string;
  readonly kind: NoteKind;
  readonly title: string;
  readonly severity?: Severity;
  readonly stage?: Stage;
  readonly summary: string;
  readonly priority: number;
  /** The public id this finer note is a case of (CONTRACT.md), if any. */
  readonly refines?: string;
  readonly related: readonly string[];
  readonly releases: readonly string[];
  readonly verify: readonly string[];
  readonly patterns: readonly PatternSpec[];
  readonly examples: { readonly match: readonly ExampleSpec[]; readonly noMatch: readonly ExampleSpec[] };
  readonly sections: NoteSections;
  readonly tree?: TreeNode;
  /** Extra front-matter fields used by trees (which cause ids they apply to). */
  readonly appliesTo: readonly string[];
  /** Other names readers search for (front matter `aliases:`); the site's search reads them, nothing matches on them. */
  readonly aliases?: readonly string[];
  /** Path of the note relative to content/, for diagnostics and links. */
  readonly file: string;
  /** A reference note's declaration of fact shapes (content/facts.md). */
  readonly factShapes?: Readonly<Record<string, string>>;
  /** A reference note's labels of log facts for the environment table, in its order (content/facts.md). */
  readonly factLabels?: Readonly<Record<string, string>>;
}

/** A live fact, as the probe that reports it declares it (src/probe/facts.ts); core receives these as data. */
export interface LiveFactSpec {
  /** The probe that reports it (its name in the environment table). */
  readonly probe: string;
  readonly about: string;
  /** How the environment table labels it (collect_env's words); absent: its own name. */
  readonly label?: string;
  /** What a fix command says in its place when the value is unknown: an instruction in words. */
  readonly unknown?: string;
  /** The log fact it is compared with when that is named otherwise (cudaHomeNvcc ↔ the log's nvcc). */
  readonly logName?: string;
}

export interface KnowledgeBase {
  readonly schema: "cudafix.kb/1";
  readonly notes: readonly Signature[];
  /**
   * The live facts the probes report (src/probe/facts.ts), bundled by the compiler: trees and `verify:` lists
   * name only these. Lists are `;`-separated; maps are `key=value;key=value`.
   */
  readonly liveFacts?: Readonly<Record<string, LiveFactSpec>>;
  /** Each log fact's declared shape (version, path, symbol…): a value is filled into a command only when it fits. */
  readonly factShapes?: Readonly<Record<string, string>>;
}

export type Facts = Record<string, string>;

export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly line: number;
  readonly text: string;
  readonly facts: Facts;
  /** Why the severity was chosen, when it depended on the log's outcome (see PatternSpec.outcome). */
  readonly why?: string;
  /**
   * The line is an error that no cause note knows: it is fatal, but it names no cause (it is never the root
   * cause; it is also listed under `unrecognized`).
   */
  readonly unexplained?: true;
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
  /** The public id the chosen note refines (CONTRACT.md), if it is a finer note. */
  readonly refines?: string;
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

/** The Report's schema id (CONTRACT.md; the README documents its fields). */
export const REPORT_SCHEMA = "cudafix.report/2";

export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly rootCause: RootCause | null;
  readonly findings: readonly Finding[];
  readonly symptoms: readonly Symptom[];
  readonly unrecognized: readonly Unrecognized[];
  /** Facts the log shows about the build as a whole (command-line settings, nvcc banner, arch flags). */
  readonly logFacts: Facts;
  /** The live check: a verdict per finding and per standing problem; empty when nothing was checked (--no-verify). */
  readonly verification: readonly VerificationEntry[];
  /** The decision trees walked and the fix commands; `{}` when nothing was checked (--no-verify). */
  readonly decision: Decision | NoDecision;
  /** What the probes found on this machine, when the report was checked against it. */
  readonly environment?: LiveFacts;
  readonly stats: LogStats;
}

/** The decision of a report that was not checked against a machine: an empty object (CONTRACT.md). */
export type NoDecision = Readonly<Record<string, never>>;

/** A decision was made: the report was checked against a machine. */
export function isDecision(d: Decision | NoDecision): d is Decision {
  return "walks" in d;
}
