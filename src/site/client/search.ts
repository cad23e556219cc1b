// Search over the notes, in the header of every page: a whole pasted error line, any part of one, or
// words. The ranking is core's search (core/search.ts: the CLI's matcher first, then distinctive words, then fuse.js);
// this file is the combobox: results as you type, arrow keys and Enter, `/` to focus, Escape to close.
// Every snippet is the note's own line that matched, with the query's whole words marked, linking to the
// section it comes from. Text reaches the DOM through text nodes only.
import { NoteSearch, wholeWordSpans, type SearchHit } from "../../core/search.js";
import { Matcher } from "../../core/match.js";
import { base, h, site } from "./globals.js";

function init(): void {
  const kb = site.CUDAFIX_KB;
  const input = document.getElementById("q") as HTMLInputElement | null;
  const list = document.getElementById("hits") as HTMLUListElement | null;
  const live = document.getElementById("hits-status");
  if (!kb || !input || !list) return;
  let engine: NoteSearch | null = null;
  let active = -1;

  const options = (): HTMLElement[] => Array.from(list.querySelectorAll<HTMLElement>("[role=option]"));

  const close = (): void => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const render = (): void => {
    const q = input.value;
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!q.trim()) {
      close();
      if (live) live.textContent = "";
      return;
    }
    engine ??= new NoteSearch(kb, matcher ?? undefined);
    const r = engine.search(q);
    if (!r.close) {
      list.append(h("li", { class: "empty", role: "presentation" }, "Nothing close to this. The nearest three:"));
    }
    r.hits.forEach((hit, i) => list.append(option(hit, i, r.words)));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (live) live.textContent = r.close ? `${r.hits.length} notes found${r.hits[0]?.exact ? `; ${r.hits[0].title} recognises this line` : ""}.` : "Nothing close; showing the nearest three notes.";
  };

  // An option holds no link (a listbox option may not nest controls): the option and its section
  // shortcuts carry data-href, and a click or Enter goes there.
  const option = (hit: SearchHit, i: number, words: readonly string[]): HTMLElement => {
    const href = `${base()}${hit.href}`;
    const page = `${base()}${hit.href.replace(/#.*$/, "")}`;
    const title = h("span", { class: "hit-title" });
    title.append(...highlight(hit.title, words));
    const snippet = h("span", { class: "hit-line" });
    snippet.append(...highlight(clip(hit.line.text, 220), words));
    const links = h("span", { class: "hit-links" });
    if (hit.kind === "cause") {
      for (const [label, anchor] of [["what you see", "what-you-see"], ["fix", "how-to-fix"], ["check", "how-to-check"]] as const) {
        links.append(h("span", { class: "hit-link", "data-href": `${page}#${anchor}` }, label));
      }
    }
    return h(
      "li",
      { class: "hit", id: `hit-${i}`, role: "option", "aria-selected": "false", "data-id": hit.id, "data-href": href },
      h("div", { class: "hit-head" }, title, hit.severity ? h("span", { class: `badge ${hit.severity}` }, hit.severity) : null,
        hit.exact ? h("span", { class: "badge exact", title: "a pattern of this note matches the line" }, "recognises this line") : null,
        hit.kind === "reference" ? h("span", { class: "badge stage" }, "table") : null,
        h("code", { class: "id" }, hit.id)),
      h("p", { class: "hit-snippet" }, snippet),
      links,
    );
  };
  list.addEventListener("click", (ev) => {
    const t = (ev.target as HTMLElement).closest<HTMLElement>("[data-href]");
    if (t?.dataset.href) location.href = t.dataset.href;
  });

  const move = (delta: number): void => {
    if (list.hidden) render();
    const items = options();
    if (!items.length) return;
    active = active < 0 && delta < 0 ? items.length - 1 : (active + delta + items.length) % items.length;
    items.forEach((li, i) => {
      li.classList.toggle("active", i === active);
      li.setAttribute("aria-selected", String(i === active));
    });
    input.setAttribute("aria-activedescendant", items[active]!.id);
    items[active]!.scrollIntoView({ block: "nearest" });
  };

  // Ranking one query takes a few milliseconds: results as you type, no debounce.
  input.addEventListener("input", render);
  // The index is built when the box takes focus, in two tasks (the matcher, then the words), so that the
  // first keystroke does not wait for it and no single task holds the page long.
  let matcher: Matcher | null = null;
  const warm = (): void => {
    if (engine || matcher) return;
    setTimeout(() => {
      if (engine) return;
      matcher ??= new Matcher(kb);
      setTimeout(() => void (engine ??= new NoteSearch(kb, matcher!)), 0);
    }, 0);
  };
  input.addEventListener("focus", () => {
    warm();
    if (input.value.trim()) render();
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      move(1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      move(-1);
    } else if (ev.key === "Enter") {
      const li = options()[Math.max(active, 0)];
      if (li?.dataset.href) {
        ev.preventDefault();
        location.href = li.dataset.href;
      }
    } else if (ev.key === "Escape") {
      if (!list.hidden) close();
      else input.value = "";
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
    if (!(ev.target instanceof Node) || !input.parentElement?.contains(ev.target)) close();
  });
  // index.html#q=... opens with a search (a link from elsewhere can carry the query).
  const m = /^#q=(.*)$/.exec(location.hash);
  if (m) {
    input.value = decodeURIComponent(m[1]!);
    render();
  }
  themeToggle();
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Text with the query's whole words wrapped in <mark>, as DOM nodes (never markup from a string). */
export function highlight(text: string, words: readonly string[]): Node[] {
  const out: Node[] = [];
  let at = 0;
  for (const [a, b] of wholeWordSpans(text, words)) {
    if (a > at) out.push(document.createTextNode(text.slice(at, a)));
    out.push(h("mark", {}, text.slice(a, b)));
    at = b;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

/** The light/dark switch in the header: follows the system until pressed, then holds until the page is left (nothing is stored). */
function themeToggle(): void {
  const btn = document.getElementById("theme");
  if (!btn) return;
  const root = document.documentElement;
  const system = (): "dark" | "light" => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  const current = (): "dark" | "light" => (root.dataset.theme as "dark" | "light" | undefined) ?? system();
  const label = (): void => {
    const dark = current() === "dark";
    btn.setAttribute("aria-pressed", String(dark));
    btn.textContent = dark ? "Light" : "Dark";
    btn.title = dark ? "Switch to the light theme" : "Switch to the dark theme";
  };
  btn.addEventListener("click", () => {
    root.dataset.theme = current() === "dark" ? "light" : "dark";
    label();
  });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", label);
  label();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
