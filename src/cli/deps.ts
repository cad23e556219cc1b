// The CLI's shared vocabulary: what every command takes (CliDeps, the streams), how it fails on a usage
// mistake, and how it decides on colour and width. Its own module, so that main.ts and the commands it
// registers both import it and neither imports the other back.

import type { Readable } from "node:stream";
import type { KnowledgeBase, LiveFacts } from "../core/types.js";
import type { Clipboard } from "./clipboard.js";

export interface ProbeRequest {
  readonly python?: string;
  readonly project?: string;
  /** Arch variants the log names (90a), to ask nvcc about. */
  readonly archs?: readonly string[];
}

export type Prober = (request: ProbeRequest) => Promise<LiveFacts>;

export interface OutStream {
  write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void): boolean;
  once(event: "drain", listener: () => void): unknown;
  on(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export interface CliDeps {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly loadKb: () => KnowledgeBase;
  readonly version: string;
  readonly openFile?: (path: string) => Readable;
  /** Installs handlers for process signals; returns a function that removes them. */
  readonly onSignals?: (signals: NodeJS.Signals[], handler: (sig: NodeJS.Signals) => void) => () => void;
  /** Runs the live probes (default: the real tools, with deps.env); tests pass recorded outputs. */
  readonly prober?: Prober;
  readonly clipboard?: Clipboard;
  /** File size, for the progress line of long reads (default: statSync). */
  readonly fileSize?: (path: string) => number;
}

/** A problem the user can fix (bad flag, missing file): one line on stderr, exit 2. */
export class UsageError extends Error {}

/**
 * Colour by the usual conventions: NO_COLOR (any non-empty value) turns it off; FORCE_COLOR turns it on
 * even when piped, except FORCE_COLOR=0 or =false, which turn it off (as Node's tty and chalk read it);
 * otherwise colour only on a terminal that is not TERM=dumb. `--no-color` is checked by the callers.
 */
export function useColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** The width to wrap text to: the terminal's, else COLUMNS, else 80; never under 40. */
export function textWidth(stream: { isTTY?: boolean; columns?: number }, env: Readonly<Record<string, string | undefined>>): number {
  const cols = stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : Number(env.COLUMNS);
  return Number.isInteger(cols) && cols > 0 ? Math.max(40, cols) : 80;
}
