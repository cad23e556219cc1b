// Renderer for SARIF 2.1.0 (code-scanning uploads, IDE viewers): one rule per cause note, one result per
// fatal finding, located in the log file. Works on report data only; never re-matches.

import type * as Sarif from "sarif";
import type { Report, Signature } from "../types.js";
import type { Renderer } from "./renderer.js";
import { displayLine, isRoot as isRootOf, markdownToText, noteMarkdown } from "./shared.js";

export interface SarifOptions {
  /**
   * Base URL of the docs site; a rule's helpUri is `<docsUrl>notes/<id>.html`. SARIF wants an absolute URI
   * there, so the default is a placeholder under the reserved `.invalid` domain: set it to where the site is served.
   */
  readonly docsUrl?: string;
  readonly version?: string;
}

export interface SarifLog {
  /** The log's path as given; `-` is stdin. */
  readonly source: string;
  readonly report: Report;
}

export const DEFAULT_DOCS_URL = "https://cudafix.invalid/";
const SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** A path as a SARIF `uri`: relative paths stay relative (forward slashes, each segment percent-encoded), absolute ones become file: URIs. */
export function pathToUri(path: string): string {
  if (path === "-") return "stdin";
  const p = path.replace(/\\/g, "/");
  const enc = (s: string): string =>
    s
      .split("/")
      .map((seg) => encodeURIComponent(seg))
      .join("/");
  if (/^[A-Za-z]:\//.test(p)) return `file:///${p.slice(0, 2)}${enc(p.slice(2))}`;
  if (p.startsWith("/")) return `file://${enc(p)}`;
  return enc(p);
}

function helpUri(base: string, id: string): string {
  return new URL(`notes/${encodeURIComponent(id)}.html`, base.endsWith("/") ? base : `${base}/`).href;
}

export function renderSarif(logs: readonly SarifLog[], notes: ReadonlyMap<string, Signature>, options: SarifOptions = {}): Sarif.Log {
  const base = options.docsUrl ?? DEFAULT_DOCS_URL;
  const causes = [...notes.values()].filter((n) => n.kind === "cause").sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(causes.map((n, i) => [n.id, i]));
  const rules: Sarif.ReportingDescriptor[] = causes.map((n) => {
    const fix = n.sections["How to fix"];
    return {
      id: n.id,
      name: pascal(n.id),
      shortDescription: { text: n.title },
      fullDescription: { text: n.summary.trim() },
      helpUri: helpUri(base, n.id),
      // A rule is generic: its placeholders read `<fact>`; a result's own fix (properties.fix) is filled in.
      ...(fix ? { help: { text: markdownToText(fix), markdown: noteMarkdown(fix, {}, notes).text } } : {}),
      defaultConfiguration: { level: n.severity === "fatal" ? "error" : "note" },
      properties: { tags: [n.severity ?? n.kind, ...(n.stage ? [n.stage] : [])] },
    };
  });

  const artifacts: Sarif.Artifact[] = [];
  const results: Sarif.Result[] = [];
  for (const log of logs) {
    const uri = pathToUri(log.source);
    const index = artifacts.push({ location: { uri }, ...(log.source === "-" ? { description: { text: "standard input" } } : {}) }) - 1;
    for (const f of log.report.findings) {
      if (f.severity !== "fatal") continue;
      const note = notes.get(f.id);
      const isRoot = isRootOf(log.report, f);
      const text = displayLine(f.text).trim();
      results.push({
        ruleId: f.id,
        ...(ruleIndex.has(f.id) ? { ruleIndex: ruleIndex.get(f.id)! } : {}),
        level: "error",
        message: { text: `${isRoot ? "Root cause" : "Fatal"}: ${note?.title ?? f.id}. Line ${f.line}: ${text}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, index },
              region: { startLine: f.line, snippet: { text } },
            },
          },
        ],
        ...(isRoot ? { rank: 100 } : {}),
        properties: {
          rootCause: isRoot,
          ...(Object.keys(f.facts).length ? { facts: f.facts } : {}),
          ...(isRoot && note?.sections["How to fix"] ? { fix: noteMarkdown(note.sections["How to fix"], f.facts, notes).text } : {}),
        },
      });
    }
  }

  return {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cudafix",
            ...(options.version ? { version: options.version, semanticVersion: options.version } : {}),
            informationUri: new URL(base.endsWith("/") ? base : `${base}/`).href,
            rules,
          },
        },
        artifacts,
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

export const sarif: Renderer = {
  id: "sarif",
  document: true,
  render: (logs, o) => {
    const files = logs.flatMap((l) => (l.source === null ? [] : [{ source: l.source, report: l.report }]));
    return JSON.stringify(renderSarif(files, o.notes, { version: o.version, ...(o.docsUrl ? { docsUrl: o.docsUrl } : {}) }), null, 2) + "\n";
  },
};
