// Conditions on the log's outcome. Some warnings are the cause of a failure only when the build then fails
// and nothing else explains it (torch's cl.exe version check on Windows: harmless when setuptools finds
// Visual C++ by itself, the cause when the build then stops with no error of its own). Such a finding's
// severity is settled here, once the whole log is known, and its `why` says which way it went and why.

import type { Finding, Severity, Symptom } from "./types.js";

/** A finding whose severity waits for the end of the log. */
export interface AwaitingOutcome {
  readonly finding: Finding;
  /** The severity it takes when the log fails after it and nothing else explains the failure. */
  readonly failed: Severity;
}

const clip = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Settles the findings that wait for the outcome. `settled` are the other findings (fatal ones, the error
 * lines no note knows included), `symptoms` the lines that only repeat a failure. A failure is "explained"
 * when any other fatal finding exists; it "follows" a line when a symptom or fatal line comes after it.
 */
export function settleOutcomes(
  waiting: readonly AwaitingOutcome[],
  settled: readonly Finding[],
  symptoms: readonly Symptom[],
): Finding[] {
  const explainer = settled.find((f) => f.severity === "fatal");
  return waiting.map(({ finding, failed }) => {
    const failure =
      symptoms.find((s) => s.line > finding.line) ?? settled.find((f) => f.severity === "fatal" && f.line > finding.line);
    let severity: Severity;
    let why: string;
    if (!failure) {
      severity = finding.severity;
      why = `${finding.severity} here: the log shows no failure after line ${finding.line}`;
    } else if (explainer) {
      severity = finding.severity;
      why = `${finding.severity} here: the log fails, but line ${explainer.line} (${explainer.unexplained ? "an error no note knows" : explainer.id}) is an error of its own`;
    } else {
      severity = failed;
      why = `${failed} here: the log goes on to fail (line ${failure.line}: ${clip(failure.text)}) and no other line explains the failure`;
    }
    return { ...finding, severity, why };
  });
}
