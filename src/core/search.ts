// Nearest notes for free text or a pasted line, with fuse.js. Used for `explain`, for unrecognized
// lines, and by the docs site. Scores are similarities in [0, 1]: higher is nearer.

import Fuse from "fuse.js";
import type { KnowledgeBase, Signature } from "./types.js";
import { literalWords } from "./regex.js";

interface Doc {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly lines: string;
}

export interface Hit {
  readonly id: string;
  readonly score: number;
}

/** Below this average similarity per word a note is not offered as "near": better none than a wild guess. */
const MIN_SCORE = 0.3;
const STOP = new Set(["the", "and", "for", "with", "was", "that", "this", "from", "not", "are", "use", "your"]);

export class NoteSearch {
  private readonly fuse: Fuse<Doc>;
  /** Ids alone, for "did you mean" on a mistyped id. */
  private readonly idFuse: Fuse<Doc>;
  private readonly ids: Set<string>;

  constructor(kb: KnowledgeBase, kinds: readonly Signature["kind"][] = ["cause"]) {
    const docs: Doc[] = kb.notes
      .filter((n) => kinds.includes(n.kind))
      .map((n) => ({
        id: n.id,
        title: n.title,
        summary: n.summary,
        lines: [...n.examples.match.map((e) => e.line), ...n.patterns.map((p) => literalWords(p.regex))].join("\n"),
      }));
    this.ids = new Set(docs.map((d) => d.id));
    this.idFuse = new Fuse(docs, { includeScore: true, ignoreLocation: true, threshold: 0.4, keys: ["id"] });
    this.fuse = new Fuse(docs, {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.35,
      keys: [
        { name: "id", weight: 0.5 },
        { name: "title", weight: 1 },
        { name: "summary", weight: 0.5 },
        { name: "lines", weight: 2 },
      ],
    });
  }

  /** The notes nearest to `query`, best first. Long queries are scored word by word. */
  nearest(query: string, limit = 3): Hit[] {
    const q = query.trim();
    if (!q) return [];
    if (this.ids.has(q)) return [{ id: q, score: 1 }];
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(q)) {
      const byId = this.idFuse.search(q, { limit }).map((r) => ({ id: r.item.id, score: round(1 - (r.score ?? 1)) }));
      if (byId.length) return byId;
    }
    const words = tokens(q);
    if (words.length <= 1) {
      return this.fuse
        .search(q.slice(0, 64), { limit })
        .map((r) => ({ id: r.item.id, score: round(1 - (r.score ?? 1)) }));
    }
    const total = new Map<string, number>();
    for (const w of words) {
      for (const r of this.fuse.search(w, { limit: 8 })) {
        total.set(r.item.id, (total.get(r.item.id) ?? 0) + (1 - (r.score ?? 1)));
      }
    }
    return [...total]
      .map(([id, s]) => ({ id, score: round(s / words.length) }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit)
      .filter((h) => h.score >= MIN_SCORE);
  }
}

function tokens(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[^\p{L}\p{N}_+#.-]+/u)) {
    const w = raw.replace(/^[.-]+|[.-]+$/g, "");
    if (w.length < 3 || /^[\d.]+$/.test(w) || STOP.has(w.toLowerCase())) continue;
    // Paths and long hex/mangled names say little about the kind of error.
    if (w.length > 40) continue;
    seen.add(w);
    if (seen.size >= 16) break;
  }
  return [...seen];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
