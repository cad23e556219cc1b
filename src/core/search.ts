// The search over the notes, pure (no DOM, no Node): a query is a pasted error line, a part of one, or
// words. The one search of cudafix: the site's search box, `cudafix explain`'s "did you mean", and the
// nearest notes of a report's unrecognized lines all rank with it.
//  1. The same matcher as the CLI (`Matcher.claims` after the `Cleaner`): the note that claims the line.
//  2. Distinctive tokens: every note's pattern literals, example lines, "What you see" lines, title,
//     aliases and summary are cut into whole words (and CJK character pairs); a word found in few notes
//     weighs more (idf), two query words side by side in a note's line weigh more again, and a query that
//     is a part of a note's line counts most. Words no note has (paths, versions, mangled names) weigh
//     nothing instead of diluting the rest.
//  3. fuse.js over titles, aliases and summaries, for words with typos.
// The compatibility tables are searched too, row by row. `search` has no floor: the nearest notes always
// come back, with `close: false` when nothing shares a distinctive word with the query; `nearest` (cause
// notes only, for the CLI and the report) gives none then: better none than a wild guess.
import Fuse from "fuse.js";
import { Cleaner } from "./clean.js";
import { Matcher } from "./match.js";
import { literalWords } from "./regex.js";
import { slug } from "./render/shared.js";
import type { KnowledgeBase, Signature } from "./types.js";

/** A line that search can show as the snippet of a hit, and the section of the page it links to. */
export interface SearchLine {
  readonly text: string;
  /** Anchor on the target page ("" for the top). */
  readonly section: string;
}

export interface SearchHit {
  readonly id: string;
  readonly kind: Signature["kind"];
  readonly title: string;
  readonly severity?: string;
  /** The path of the page from the site root, with the anchor of the section that matched. */
  readonly href: string;
  /** A pattern of the note claims the query (as `cudafix explain` would say). */
  readonly exact: boolean;
  readonly score: number;
  /** The note's line nearest to the query, for the snippet. */
  readonly line: SearchLine;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  /** false: nothing shares a distinctive word with the query; the hits are only the nearest. */
  readonly close: boolean;
  /** The query's words, for whole-word highlighting. */
  readonly words: string[];
}

interface Doc {
  readonly note: Signature;
  readonly page: string;
  readonly lines: SearchLine[];
  /** token → the heaviest field weight it appears in. */
  readonly weight: Map<string, number>;
  /** "a b" pairs of adjacent tokens in any of the note's lines or patterns. */
  readonly pairs: Set<string>;
  /** Lowercased, space-normalised lines, for "the query is a part of this line". */
  readonly flat: string[];
  readonly aliases: string;
}

/** Below half of the query's weight a note is not offered as near: better none than a wild guess. */
const MIN_NEAR = 0.5;
const W = { title: 3, alias: 3, pattern: 2.5, example: 2, see: 1.2, summary: 1, row: 1 } as const;
const STOP = new Set(["the", "and", "for", "with", "was", "that", "this", "from", "are", "use", "your", "is", "in", "of", "to", "a", "an", "or", "on", "at", "by", "be", "it", "as", "no"]);
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

/** Whole words of a text, lowercased; CJK runs become their character pairs (no spaces there). */
export function words(text: string): string[] {
  const out: string[] = [];
  // File kinds are distinctive where the names are not: "foo/bar.h" says header, "x.so" says library.
  for (const m of text.toLowerCase().matchAll(/\.(h|hh|hpp|cuh|cu|cc|cpp|so|dll|pyd|lib|obj|o|a|py|exe)(?![\p{L}\p{N}_])/gu)) out.push(`.${m[1]}`);
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}_]+/u)) {
    if (!raw) continue;
    if (CJK.test(raw)) {
      // Split into CJK runs and the rest ("dll找不到" → "dll", "找不", "不到").
      for (const part of raw.split(/([\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+)/)) {
        if (!part) continue;
        if (CJK.test(part)) {
          if (part.length === 1) out.push(part);
          for (let i = 0; i + 1 < part.length; i++) out.push(part.slice(i, i + 2));
        } else if (keep(part)) out.push(part);
      }
    } else if (keep(raw)) out.push(raw);
  }
  return out;
}

function keep(w: string): boolean {
  if (w.length < 2 || STOP.has(w)) return false;
  if (/^\d+$/.test(w) && w.length < 3) return false;
  // Hex, hashes, mangled names and long paths say nothing about the kind of error.
  return w.length <= 40;
}

/** For "the query is a part of this line": case, spacing and the digits of versions do not count. */
function flatten(s: string): string {
  return s.toLowerCase().replace(/\d+/g, "0").replace(/\s+/g, " ").trim();
}

function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, "$1").replace(/\*\*([^*]*)\*\*/g, "$1").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
}

/** The lines of a Markdown section worth searching: code lines and sentences, without table rules. */
function sectionLines(markdown: string | undefined): string[] {
  if (!markdown) return [];
  return markdown
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^```/.test(l) && !/^\|?[\s:|-]+\|?$/.test(l))
    .map((l) => plain(l.replace(/^[-*]\s+|^\d+\.\s+|^>\s*/, "")));
}

/** A note near a query, for `explain` and a report's unrecognized lines: `score` in [0, 1], higher is nearer. */
export interface Hit {
  readonly id: string;
  readonly score: number;
}

export class NoteSearch {
  private readonly docs: Doc[] = [];
  private readonly idf = new Map<string, number>();
  private readonly matcher: Matcher;
  private readonly cleaner: Cleaner;
  private readonly fuse: Fuse<Doc>;
  /** Cause ids alone, for "did you mean" on a mistyped id. */
  private readonly idFuse: Fuse<Doc>;
  private readonly byId = new Map<string, Doc>();

  /** `matcher`, `cleaner`: built from the same `kb` already (the Engine's; the page builds its matcher in a task of its own). */
  constructor(kb: KnowledgeBase, matcher?: Matcher, cleaner?: Cleaner) {
    this.matcher = matcher ?? new Matcher(kb);
    this.cleaner = cleaner ?? new Cleaner(this.matcher.prefixes);
    for (const n of kb.notes) {
      if (n.kind === "cause" || n.kind === "tree") this.add(this.noteDoc(n));
      else if (n.kind === "reference") this.add(this.referenceDoc(n));
    }
    const df = new Map<string, number>();
    for (const d of this.docs) for (const t of d.weight.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const n = this.docs.length;
    for (const [t, c] of df) this.idf.set(t, Math.log(1 + n / c));
    this.fuse = new Fuse(this.docs, {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.34,
      keys: [
        { name: "note.title", weight: 1 },
        { name: "aliases", weight: 1.2 },
        { name: "note.summary", weight: 0.4 },
      ],
    });
    this.idFuse = new Fuse(this.docs.filter((d) => d.note.kind === "cause"), { includeScore: true, ignoreLocation: true, threshold: 0.4, keys: ["note.id"] });
  }

  /**
   * The cause notes nearest to `query`, best first: an id (or a mistyped one) by its id, else the search's
   * ranking. The score is the share of the query's distinctive words the note has, each weighed as the
   * ranking weighs it (a note whose pattern claims the line: 1); below MIN_NEAR a note is not offered.
   */
  nearest(query: string, limit = 3): Hit[] {
    const q = query.trim();
    if (!q) return [];
    if (this.byId.get(q)?.note.kind === "cause") return [{ id: q, score: 1 }];
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(q)) {
      const byId = this.idFuse.search(q, { limit }).map((r) => ({ id: r.item.note.id, score: round(1 - (r.score ?? 1)) }));
      if (byId.length) return byId;
    }
    const r = this.search(q, limit + 8);
    if (!r.close) return [];
    // All of the query's words that some note has, in a note's pattern: the most a note can score here.
    const ceiling = r.words.reduce((sum, t) => sum + W.pattern * (this.idf.get(t) ?? 0), 0);
    return r.hits
      .filter((h) => h.kind === "cause")
      .map((h) => ({ id: h.id, score: h.exact ? 1 : ceiling > 0 ? round(Math.min(1, h.score / ceiling)) : 0 }))
      .filter((h) => h.score >= MIN_NEAR)
      .slice(0, limit);
  }

  private add(d: Doc): void {
    this.docs.push(d);
    this.byId.set(d.note.id, d);
  }

  private noteDoc(n: Signature): Doc {
    const lines: SearchLine[] = [];
    const weight = new Map<string, number>();
    const pairs = new Set<string>();
    const feed = (text: string, w: number, section: string | null): void => {
      const ws = words(text);
      for (const t of ws) weight.set(t, Math.max(weight.get(t) ?? 0, w));
      for (let i = 0; i + 1 < ws.length; i++) pairs.add(`${ws[i]} ${ws[i + 1]}`);
      if (section !== null && text.trim()) lines.push({ text: text.trim(), section });
    };
    const see = n.kind === "tree" ? "what-you-see" : "what-you-see";
    feed(n.title, W.title, "");
    for (const a of n.aliases ?? []) feed(a, W.alias, "");
    for (const p of n.patterns) feed(literalWords(p.regex), W.pattern, null);
    for (const e of n.examples.match) feed(e.line, W.example, see);
    for (const l of sectionLines(n.sections["What you see"])) feed(l, W.see, see);
    feed(plain(n.summary), W.summary, "");
    for (const r of n.releases) feed(plain(r), W.summary, "releases");
    const page = `${n.kind === "tree" ? "trees" : "notes"}/${n.id}.html`;
    return { note: n, page, lines, weight, pairs, flat: lines.map((l) => flatten(l.text)), aliases: (n.aliases ?? []).join(" · ") };
  }

  private referenceDoc(n: Signature): Doc {
    const lines: SearchLine[] = [];
    const weight = new Map<string, number>();
    const pairs = new Set<string>();
    const feed = (text: string, w: number, section: string): void => {
      const ws = words(text);
      for (const t of ws) weight.set(t, Math.max(weight.get(t) ?? 0, w));
      for (let i = 0; i + 1 < ws.length; i++) pairs.add(`${ws[i]} ${ws[i + 1]}`);
      if (text.trim()) lines.push({ text: text.trim(), section });
    };
    feed(n.title, W.title, "");
    for (const [h, body] of Object.entries(n.sections)) {
      feed(h, W.title, slug(h));
      for (const l of sectionLines(body)) feed(l.replace(/^\||\|$/g, "").split("|").map((c) => c.trim()).join(" · "), W.row, slug(h));
    }
    const page = `${n.id}.html`;
    return { note: n, page, lines, weight, pairs, flat: lines.map((l) => flatten(l.text)), aliases: "" };
  }

  search(query: string, limit = 8): SearchResult {
    const q = query.trim();
    const qWords = [...new Set(words(q))];
    if (!q) return { hits: [], close: false, words: [] };
    const scores = new Map<string, number>();
    const add = (id: string, s: number): void => void scores.set(id, (scores.get(id) ?? 0) + s);

    // 2. Distinctive tokens, adjacent pairs, and the query as a part of a note's line.
    const qPairs: string[] = [];
    const seq = words(q);
    for (let i = 0; i + 1 < seq.length; i++) qPairs.push(`${seq[i]} ${seq[i + 1]}`);
    const flatQ = flatten(q);
    let close = false;
    // A part of a line usually ends inside a word ("No such file or direct"): the last word, when nothing
    // follows it, also counts as the start of a longer word of a note.
    const last = /[\p{L}\p{N}_]$/u.test(q) ? seq[seq.length - 1] : undefined;
    const partial = last && last.length >= 3 && !CJK.test(last) ? last : undefined;
    for (const d of this.docs) {
      let s = 0;
      for (const t of qWords) {
        const w = d.weight.get(t);
        if (w) s += w * (this.idf.get(t) ?? 0);
      }
      if (partial && !d.weight.has(partial)) {
        let bestW = 0;
        let bestT = "";
        for (const [t, w] of d.weight) if (t.length > partial.length && t.startsWith(partial) && w * (this.idf.get(t) ?? 0) > bestW) (bestW = w * (this.idf.get(t) ?? 0), bestT = t);
        if (bestT) {
          s += bestW;
          const prev = seq[seq.length - 2];
          if (prev && d.pairs.has(`${prev} ${bestT}`)) s += 0.6 * ((this.idf.get(prev) ?? 0) + (this.idf.get(bestT) ?? 0));
        }
      }
      for (const p of new Set(qPairs)) {
        if (d.pairs.has(p)) {
          const [a, b] = p.split(" ");
          s += 0.6 * ((this.idf.get(a!) ?? 0) + (this.idf.get(b!) ?? 0));
        }
      }
      if (flatQ.length >= 12 && d.flat.some((l) => l.includes(flatQ))) s += 20 + flatQ.length / 10;
      // A log line belongs to a cause; a tree that quotes it in "What you see" comes after that cause.
      if (d.note.kind === "tree") s *= 0.85;
      if (s > 0) add(d.note.id, s);
    }
    const best = Math.max(0, ...scores.values());
    // "Close" when a word that few notes share is in common (an idf of a word in under a third of the notes).
    const rare = Math.log(1 + 3);
    close = qWords.some((t) => (this.idf.get(t) ?? 0) > rare && this.docs.some((d) => d.weight.has(t)));

    // 3. Words with typos: fuse over titles, aliases and summaries (short queries only).
    if (q.length <= 64) {
      for (const r of this.fuse.search(q, { limit: 10 })) {
        const sim = 1 - (r.score ?? 1);
        if (sim > 0.5) close = true;
        add(r.item.note.id, sim * Math.max(6, best * 0.5));
      }
    }

    // 1. The note that claims the line, first (as `cudafix explain` says).
    const exact: string[] = [];
    for (const c of this.matcher.claims(this.cleaner.strip(q))) {
      if (c.kind === "cause" && this.byId.has(c.note.id) && !exact.includes(c.note.id)) exact.push(c.note.id);
    }
    if (exact.length) close = true;

    const ranked = [...scores]
      .filter(([id]) => !exact.includes(id))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([id, s]) => ({ id, s }));
    const ordered = [...exact.map((id) => ({ id, s: Infinity })), ...ranked];
    // No floor: when nothing scores, the nearest three by title similarity still come back.
    if (ordered.length < 3) {
      for (const r of this.fuse.search(q.slice(0, 32), { limit: 10 })) if (!ordered.some((o) => o.id === r.item.note.id)) ordered.push({ id: r.item.note.id, s: 0 });
      for (const d of this.docs) if (ordered.length < 3 && !ordered.some((o) => o.id === d.note.id)) ordered.push({ id: d.note.id, s: 0 });
    }
    const hits = ordered.slice(0, close ? limit : 3).map(({ id, s }) => {
      const d = this.byId.get(id)!;
      const line = this.bestLine(d, qWords, flatQ);
      return {
        id,
        kind: d.note.kind,
        title: d.note.title,
        ...(d.note.severity ? { severity: d.note.severity } : {}),
        href: line.section ? `${d.page}#${line.section}` : d.page,
        exact: exact.includes(id),
        score: Number.isFinite(s) ? Math.round(s * 100) / 100 : 100,
        line,
      };
    });
    return { hits, close, words: qWords };
  }

  /** The note's line that shares the most (weighted) words with the query; the summary when none does. */
  private bestLine(d: Doc, qWords: readonly string[], flatQ: string): SearchLine {
    let best: SearchLine | null = null;
    let bestScore = 0;
    d.lines.forEach((l, i) => {
      if (l.text === d.note.title) return;
      const lw = new Set(words(l.text));
      let s = 0;
      for (const t of qWords) if (lw.has(t)) s += this.idf.get(t) ?? 0;
      if (flatQ.length >= 12 && d.flat[i]!.includes(flatQ)) s += 100;
      // Prefer the lines a reader sees in a log over prose when they tie.
      if (l.section === "what-you-see") s += 0.01;
      if (s > bestScore) {
        bestScore = s;
        best = l;
      }
    });
    return best ?? { text: plain(d.note.summary), section: "" };
  }
}

/** [start, end) spans of `text` where a query word stands as a whole word (never inside a longer word). */
export function wholeWordSpans(text: string, qWords: readonly string[]): [number, number][] {
  if (!qWords.length) return [];
  const want = new Set(qWords);
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
    const w = m[0];
    const at = m.index!;
    const lower = w.toLowerCase();
    if (CJK.test(w)) {
      // Mark each CJK pair of the query inside the run.
      for (let i = 0; i + 1 < w.length; i++) if (want.has(lower.slice(i, i + 2))) spans.push([at + i, at + i + 2]);
      continue;
    }
    if (want.has(lower)) spans.push([at, at + w.length]);
  }
  // Merge overlaps (CJK pairs overlap by one character).
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
