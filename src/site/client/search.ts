// Search over the notes, in the header of every page: words or a whole pasted error line. A line that a
// note's pattern recognises is an exact answer (the same matcher as `cudafix explain`); otherwise the
// nearest notes by fuse.js (core's NoteSearch). Results as you type; `/` focuses the box.
import { NoteSearch } from "../../core/search.js";
import { Matcher } from "../../core/match.js";
import { Cleaner } from "../../core/clean.js";
import type { Signature } from "../../core/types.js";
import { base, h, site } from "./globals.js";

const MAX_HITS = 8;

interface Hit {
  readonly note: Signature;
  readonly exact: boolean;
  readonly score: number;
}

function init(): void {
  const kb = site.CUDAFIX_KB;
  const input = document.getElementById("q") as HTMLInputElement | null;
  const list = document.getElementById("hits") as HTMLOListElement | null;
  if (!kb || !input || !list) return;
  let search: NoteSearch | null = null;
  let matcher: Matcher | null = null;
  let cleaner: Cleaner | null = null;
  const byId = new Map(kb.notes.map((n) => [n.id, n]));
  let active = -1;

  const find = (q: string): Hit[] => {
    search ??= new NoteSearch(kb, ["cause", "tree"]);
    matcher ??= new Matcher(kb);
    cleaner ??= new Cleaner(matcher.prefixes);
    const hits: Hit[] = [];
    for (const c of matcher.claims(cleaner.strip(q))) {
      if (c.kind === "cause" && !hits.some((x) => x.note.id === c.note.id)) hits.push({ note: c.note, exact: true, score: 1 });
    }
    for (const r of search.nearest(q, MAX_HITS)) {
      const note = byId.get(r.id);
      if (note && !hits.some((x) => x.note.id === r.id)) hits.push({ note, exact: false, score: r.score });
    }
    return hits.slice(0, MAX_HITS);
  };

  const render = (): void => {
    const q = input.value;
    list.replaceChildren();
    active = -1;
    if (!q.trim()) {
      list.hidden = true;
      return;
    }
    const hits = find(q);
    const words = queryWords(q);
    if (!hits.length) {
      list.append(h("li", { class: "empty" }, "No note matches. Try fewer words, or paste the whole error line."));
    }
    for (const hit of hits) {
      const n = hit.note;
      const href = `${base()}${n.kind === "tree" ? "trees" : "notes"}/${n.id}.html`;
      const title = h("a", { class: "hit-title", href: hit.exact ? `${href}#what-you-see` : href });
      title.append(...highlight(n.title, words));
      const summary = h("p", { class: "hit-summary" });
      summary.append(...highlight(plain(n.summary), words));
      const links = h("span", { class: "hit-links" });
      if (n.kind === "cause") {
        for (const [label, anchor] of [["what you see", "what-you-see"], ["fix", "how-to-fix"], ["check", "how-to-check"]] as const) {
          links.append(h("a", { href: `${href}#${anchor}` }, label));
        }
      }
      list.append(
        h(
          "li",
          { class: "hit", "data-id": n.id },
          h("div", { class: "hit-head" }, title, n.severity ? h("span", { class: `badge ${n.severity}` }, n.severity) : null,
            hit.exact ? h("span", { class: "badge exact", title: "a pattern of this note matches the line" }, "recognises this line") : null,
            h("code", { class: "id" }, n.id)),
          summary,
          links,
        ),
      );
    }
    list.hidden = false;
  };

  const move = (delta: number): void => {
    const items = Array.from(list.querySelectorAll<HTMLLIElement>("li.hit"));
    if (!items.length) return;
    active = (active + delta + items.length) % items.length;
    items.forEach((li, i) => li.classList.toggle("active", i === active));
    items[active]!.scrollIntoView({ block: "nearest" });
  };

  input.addEventListener("input", render);
  input.addEventListener("focus", () => input.value.trim() && render());
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      move(1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      move(-1);
    } else if (ev.key === "Enter") {
      const items = list.querySelectorAll<HTMLLIElement>("li.hit");
      const li = items[Math.max(active, 0)];
      const a = li?.querySelector<HTMLAnchorElement>("a.hit-title");
      if (a) location.href = a.href;
    } else if (ev.key === "Escape") {
      input.value = "";
      render();
      input.blur();
    }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target as HTMLElement | null;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", (ev) => {
    if (!(ev.target instanceof Node) || !input.parentElement?.contains(ev.target)) list.hidden = true;
  });
  // index.html#q=... opens with a search (a link from elsewhere can carry the query).
  const m = /^#q=(.*)$/.exec(location.hash);
  if (m) {
    input.value = decodeURIComponent(m[1]!);
    render();
  }
}

function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, "$1").replace(/\s+/g, " ").trim();
}

function queryWords(q: string): string[] {
  const words = new Set<string>();
  for (const w of q.toLowerCase().split(/[^\p{L}\p{N}_+#.-]+/u)) {
    const t = w.replace(/^[.-]+|[.-]+$/g, "");
    if (t.length >= 3 && !/^[\d.]+$/.test(t)) words.add(t);
  }
  return [...words].sort((a, b) => b.length - a.length).slice(0, 24);
}

/** Text with the query's words wrapped in <mark>, as DOM nodes (never markup from a string). */
export function highlight(text: string, words: readonly string[]): Node[] {
  if (!words.length) return [document.createTextNode(text)];
  const lower = text.toLowerCase();
  const marks: [number, number][] = [];
  for (const w of words) {
    for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length)) {
      if (!marks.some(([a, b]) => i < b && i + w.length > a)) marks.push([i, i + w.length]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  const out: Node[] = [];
  let at = 0;
  for (const [a, b] of marks) {
    if (a > at) out.push(document.createTextNode(text.slice(at, a)));
    out.push(h("mark", {}, text.slice(a, b)));
    at = b;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
