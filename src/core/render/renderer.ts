// The shapes a renderer takes and gives (the table of them is index.ts).

import type { LiveFactSpec, Report, Signature } from "../types.js";

/** A line of the log as it stood around the root cause (the CLI keeps these; the report does not). */
export interface ContextLine {
  readonly line: number;
  readonly text: string;
}

export interface TextStyle {
  readonly color: boolean;
  /** Wrap to this many columns, at spaces only (never inside a word; commands never). Absent: no wrapping. */
  readonly width?: number;
  /** The decision trees' whole walk (every branch tried, with its condition), not only the branch taken. */
  readonly verbose?: boolean;
}

export interface KnowledgeVersion {
  /** sha256 of the compiled notes (the first 16 hex digits): equal digests, equal knowledge (computed by the caller). */
  readonly digest: string;
  readonly notes: number;
}

/** One diagnosed input, as the renderers take it. */
export interface RenderedLog {
  /** The input as the user named it (the JSON's `input.name`): a path, "-" (stdin), "clipboard", run's command line; null: no log (doctor). */
  readonly input: string | null;
  /** Where the documents say the lines are (GitHub's `file=`, SARIF's artifact): a path, "-" (stdin), "clipboard", "the output of make"; null: no log. */
  readonly source: string | null;
  /** How the text report names it ("the log", "build.log", "the clipboard", "the output of make"). */
  readonly label: string;
  readonly report: Report;
  /** The log's lines around the root cause, for the formats that show them (`Renderer.context`). */
  readonly context?: readonly ContextLine[];
}

export interface RenderOptions {
  readonly notes: ReadonlyMap<string, Signature>;
  /** cudafix's version, for the formats that name the tool. */
  readonly version: string;
  readonly knowledge: KnowledgeVersion;
  /** The probes' catalogue of live facts (KnowledgeBase.liveFacts): their labels in the environment table. */
  readonly liveFacts?: Readonly<Record<string, LiveFactSpec>>;
  /** User names to mask in the documents that leave the machine ($USER, $USERNAME). */
  readonly users: readonly string[];
  /** The terminal's colour and width (text only). */
  readonly style: TextStyle;
  /** `cudafix run`: how the build ended when it failed ("exited 3"). */
  readonly buildExit?: string;
  /** --annotate-harmless (github). */
  readonly annotateHarmless?: boolean;
  /** --docs-url (sarif). */
  readonly docsUrl?: string;
  /** `::stop-commands::` tokens the log left open (github ends them first). */
  readonly stopTokens?: readonly string[];
}

export interface Renderer {
  readonly id: string;
  /**
   * A document (JSON, SARIF, annotations, Markdown) owns stdout: while a build streams, its output goes to
   * stderr. Not a document (text): the report is for the person at the terminal, one log at a time.
   */
  readonly document: boolean;
  /** It shows the log's lines around each root cause, so the caller keeps them (RenderedLog.context). */
  readonly context?: boolean;
  /**
   * Its reader (a CI runner) obeys workflow commands in the log that passed through before it: the caller
   * watches the log for `::stop-commands::` and gives the tokens still open (RenderOptions.stopTokens).
   */
  readonly workflowCommands?: boolean;
  render(logs: readonly RenderedLog[], options: RenderOptions): string;
  /** A second document for the same logs (GitHub's step summary), when the platform asks for one. */
  summary?(logs: readonly RenderedLog[], options: RenderOptions): string;
}

