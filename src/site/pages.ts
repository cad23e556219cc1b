// Page templates of the docs site. Everything here is knowledge-base text, escaped; a log never reaches
// these templates (the paste page fills its results in the browser with textContent).
import type { KnowledgeBase, Signature, Stage, TreeNode } from "../core/types.js";
import { escapeHtml as e, slug } from "./html.js";
import { markdownToHtml } from "./markdown.js";
import { treeSvg } from "./tree-svg.js";
import { PASTE_SOURCES } from "../probe/facts.js";

export const CSP =
  "default-src 'none'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

export const STAGES: readonly Stage[] = ["configure", "compile", "link", "load", "run"];
const STANDARD = ["What you see", "Why it happens", "How to fix", "How to check"];

export interface PageOptions {
  readonly title: string;
  /** "" at the top, "../" one folder down. */
  readonly base: string;
  readonly body: string;
  readonly scripts?: readonly string[];
  readonly current?: "index" | "paste" | "compat";
  readonly wide?: boolean;
}

export function page(o: PageOptions): string {
  const nav = (href: string, label: string, key: PageOptions["current"]): string =>
    `<a href="${o.base}${href}"${o.current === key ? ' aria-current="page"' : ""}>${label}</a>`;
  const scripts = ["assets/kb.js", "assets/search.js", ...(o.scripts ?? [])];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${e(o.title)}</title>
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${o.base}assets/site.css">
</head>
<body data-base="${o.base}">
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
<a class="brand" href="${o.base}index.html">cudafix</a>
<nav aria-label="Site">${nav("index.html", "Notes", "index")}${nav("paste.html", "Paste a log", "paste")}${nav("compat.html", "Compatibility", "compat")}</nav>
<div class="search" role="search">
<input id="q" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="hits" autocomplete="off" spellcheck="false" placeholder="Search notes or paste an error line  ( / )" aria-label="Search the notes, or paste an error line">
<ul id="hits" class="hits" role="listbox" aria-label="Matching notes" hidden></ul>
<span id="hits-status" class="sr-only" role="status" aria-live="polite"></span>
</div>
<button type="button" id="theme" class="theme" aria-pressed="false" title="Switch the colour theme">Dark</button>
</header>
<main id="main" tabindex="-1"${o.wide ? ' class="wide"' : ""}>
${o.body}
</main>
<footer>cudafix — every page works offline and from <code>file://</code>; nothing you type or paste leaves this page.</footer>
${scripts.map((s) => `<script src="${o.base}${s}"></script>`).join("\n")}
</body>
</html>
`;
}

export interface SiteModel {
  readonly kb: KnowledgeBase;
  readonly causes: readonly Signature[];
  readonly trees: readonly Signature[];
  readonly ids: ReadonlySet<string>;
}

export function siteModel(kb: KnowledgeBase): SiteModel {
  return {
    kb,
    causes: kb.notes.filter((n) => n.kind === "cause"),
    trees: kb.notes.filter((n) => n.kind === "tree"),
    ids: new Set(kb.notes.filter((n) => n.kind === "cause" || n.kind === "tree").map((n) => n.id)),
  };
}

function md(model: SiteModel, text: string, base: string): string {
  return markdownToHtml(text, { placeholders: "show", noteIds: model.ids, notesBase: `${base}notes/` });
}

function inlineMd(model: SiteModel, text: string, base: string): string {
  return md(model, text, base).replace(/^<p>|<\/p>$/g, "");
}

function badge(n: Signature): string {
  const sev = n.severity ? `<span class="badge ${n.severity}">${n.severity}</span>` : "";
  const stage = n.stage ? `<span class="badge stage">${n.stage}</span>` : "";
  return sev + stage;
}

function noteHref(model: SiteModel, id: string, base: string): string {
  const n = model.kb.notes.find((x) => x.id === id);
  return `${base}${n?.kind === "tree" ? "trees" : "notes"}/${id}.html`;
}

function exampleBlock(lines: readonly { line: string; before: readonly string[]; after: readonly string[] }[], cls: string): string {
  const rows = lines.map((x) =>
    [...x.before.map((b) => `<span class="ctx">${e(b)}</span>`), `<span class="hit">${e(x.line)}</span>`, ...x.after.map((a) => `<span class="ctx">${e(a)}</span>`)].join("\n"),
  );
  return `<pre class="examples ${cls}" tabindex="0">${rows.join("\n")}</pre>`;
}

export function notePage(model: SiteModel, n: Signature): string {
  const base = "../";
  const out: string[] = [];
  out.push(`<article class="note" data-id="${e(n.id)}">`);
  out.push(`<p class="crumbs"><a href="../index.html">Notes</a> › <code>${e(n.id)}</code></p>`);
  out.push(`<h1>${e(n.title)}</h1>`);
  out.push(`<p class="meta">${badge(n)}<code class="id">${e(n.id)}</code></p>`);
  out.push(`<p class="summary">${inlineMd(model, n.summary, base)}</p>`);
  // The fix on the first screen: summary, then how to fix, then what you see, why, and how to check.
  const ORDER = ["How to fix", "What you see", "Why it happens", "How to check"];
  out.push(`<nav class="toc" aria-label="On this page">${[...ORDER, "Releases", "Related notes"].map((h) => `<a href="#${slug(h)}">${h}</a>`).join("")}</nav>`);
  out.push(`<a class="jump-fix" href="#how-to-fix">How to fix ↓</a>`);
  for (const h of ORDER) {
    if (h !== "What you see") {
      out.push(`<section class="${slug(h)}"><h2 id="${slug(h)}">${h}</h2>${md(model, n.sections[h] ?? "", base)}</section>`);
      continue;
    }
    out.push(`<section class="what-you-see"><h2 id="what-you-see">What you see</h2>`);
    if (n.examples.match.length) {
      out.push(`<p class="lead">Lines this note recognises:</p>`, exampleBlock(n.examples.match, "match"));
    }
    out.push(md(model, n.sections["What you see"] ?? "", base));
    if (n.examples.noMatch.length) {
      out.push(`<details class="nomatch"><summary>Look-alike lines that are <em>not</em> this note</summary>${exampleBlock(n.examples.noMatch, "nomatch")}</details>`);
    }
    out.push(`</section>`);
  }
  for (const [h, text] of Object.entries(n.sections)) {
    if (!STANDARD.includes(h)) out.push(`<section><h2 id="${slug(h)}">${e(h)}</h2>${md(model, text, base)}</section>`);
  }
  out.push(`<section><h2 id="releases">Releases</h2>`);
  out.push(n.releases.length ? `<ul>${n.releases.map((r) => `<li>${inlineMd(model, r, base)}</li>`).join("")}</ul>` : `<p class="none">No release-specific notes.</p>`);
  out.push(`</section>`);
  const trees = model.trees.filter((t) => t.appliesTo.includes(n.id));
  const related = n.related.filter((r) => model.ids.has(r));
  out.push(`<section><h2 id="related-notes">Related notes</h2>`);
  if (related.length || trees.length) {
    out.push(`<ul class="related">`);
    for (const r of related) {
      const rn = model.kb.notes.find((x) => x.id === r)!;
      out.push(`<li><a href="${noteHref(model, r, base)}">${e(rn.title)}</a> ${badge(rn)}<code class="id">${e(r)}</code></li>`);
    }
    for (const t of trees) out.push(`<li>Decision tree: <a href="../trees/${e(t.id)}.html">${e(t.title)}</a></li>`);
    out.push(`</ul>`);
  } else out.push(`<p class="none">None.</p>`);
  out.push(`</section>`);
  out.push(`<p class="cli">In a terminal: <code>cudafix explain ${e(n.id)}</code></p>`);
  out.push(`</article>`);
  return page({ title: `${n.title} — cudafix`, base, body: out.join("\n") });
}

export function treePage(model: SiteModel, n: Signature, tree: TreeNode): string {
  const base = "../";
  // Before any fact is known a tree reads as questions, with its facts in words.
  const md = (_m: SiteModel, text: string, b: string): string =>
    markdownToHtml(text, { placeholders: "words", conditions: true, noteIds: model.ids, notesBase: `${b}notes/` });
  const out: string[] = [];
  out.push(`<article class="note tree-note" data-id="${e(n.id)}">`);
  out.push(`<p class="crumbs"><a href="../index.html">Notes</a> › decision trees › <code>${e(n.id)}</code></p>`);
  out.push(`<h1>${e(n.title)}</h1>`);
  out.push(`<p class="summary">${inlineMd(model, n.summary, base)}</p>`);
  if (n.appliesTo.length) {
    out.push(`<p class="applies">Applies to: ${n.appliesTo.map((id) => `<a href="${noteHref(model, id, base)}"><code>${e(id)}</code></a>`).join(", ")}</p>`);
  }
  if (n.sections["What you see"]) out.push(`<section><h2 id="what-you-see">What you see</h2>${md(model, n.sections["What you see"], base)}</section>`);
  out.push(`<section><h2 id="diagram">The tree</h2><p class="lead">Conditions are tried top to bottom; the first that holds is taken.</p><div class="tree-wrap" tabindex="0" role="group" aria-label="The decision tree">${treeSvg({ ...tree, label: tree.label || n.title }, n.title)}</div></section>`);
  for (const [h, text] of Object.entries(n.sections)) {
    if (h === "What you see") continue;
    out.push(`<section><h2 id="${slug(h)}">${e(h === "How to fix" ? "The tree in words" : h)}</h2>${md(model, text, base)}</section>`);
  }
  out.push(`</article>`);
  return page({ title: `${n.title} — cudafix decision tree`, base, body: out.join("\n") });
}

export function indexPage(model: SiteModel, compat: Signature | null): string {
  const out: string[] = [];
  out.push(`<section class="intro"><h1>Why did my PyTorch CUDA extension fail to build?</h1>`);
  out.push(`<p>Search the notes above (press <kbd>/</kbd>; paste a whole error line), <a href="paste.html">paste a whole build log</a> to get its root cause, or keep the <a href="compat.html">compatibility tables</a> open.</p></section>`);
  out.push(`<div class="columns">`);
  for (const sev of ["fatal", "harmless"] as const) {
    const notes = model.causes.filter((n) => n.severity === sev);
    out.push(`<section class="group ${sev}"><h2 id="${sev}">${sev === "fatal" ? "Fatal: the build stops here" : "Harmless: warnings you may ignore"} <span class="count">${notes.length}</span></h2>`);
    for (const stage of STAGES) {
      const inStage = notes.filter((n) => n.stage === stage).sort((a, b) => a.title.localeCompare(b.title));
      if (!inStage.length) continue;
      out.push(`<h3 id="${sev}-${stage}">${stage}</h3><ul class="notes">`);
      for (const n of inStage) {
        out.push(`<li><a href="notes/${e(n.id)}.html">${e(n.title)}</a><code class="id">${e(n.id)}</code></li>`);
      }
      out.push(`</ul>`);
    }
    out.push(`</section>`);
  }
  out.push(`</div>`);
  if (model.trees.length) {
    out.push(`<section><h2 id="trees">Decision trees</h2><ul class="notes">`);
    for (const t of model.trees) out.push(`<li><a href="trees/${e(t.id)}.html">${e(t.title)}</a><code class="id">${e(t.id)}</code></li>`);
    out.push(`</ul></section>`);
  }
  out.push(`<section><h2 id="by-stage">By stage</h2><table class="stages"><thead><tr><th>stage</th><th>fatal</th><th>harmless</th></tr></thead><tbody>`);
  for (const stage of STAGES) {
    const cell = (sev: string): string =>
      model.causes.filter((n) => n.stage === stage && n.severity === sev).map((n) => `<a href="notes/${e(n.id)}.html"><code>${e(n.id)}</code></a>`).join(" ") || "—";
    out.push(`<tr><th>${stage}</th><td>${cell("fatal")}</td><td>${cell("harmless")}</td></tr>`);
  }
  out.push(`</tbody></table></section>`);
  if (compat) out.push(`<p><a href="compat.html">${e(compat.title)}</a></p>`);
  return page({ title: "cudafix — PyTorch C++/CUDA extension build errors", base: "", body: out.join("\n"), current: "index" });
}

export function referencePage(model: SiteModel, n: Signature): string {
  const out: string[] = [`<article class="reference" data-id="${e(n.id)}">`, `<h1>${e(n.title)}</h1>`, `<p class="summary">${inlineMd(model, n.summary, "")}</p>`];
  const heads = Object.keys(n.sections);
  if (heads.length > 1) out.push(`<nav class="toc">${heads.map((h) => `<a href="#${slug(h)}">${e(h)}</a>`).join("")}</nav>`);
  for (const [h, text] of Object.entries(n.sections)) out.push(`<section><h2 id="${slug(h)}">${e(h)}</h2>${md(model, text, "")}</section>`);
  out.push(`</article>`);
  return page({ title: `${n.title} — cudafix`, base: "", body: out.join("\n"), current: "compat", wide: true });
}

export function pastePage(): string {
  const body = `
<h1 class="sr-only">Paste a build log</h1>
<section class="input" id="input">
  <div id="drop" class="drop" tabindex="-1">
    <textarea id="paste" aria-label="The build log" spellcheck="false" autocomplete="off" placeholder="Paste a build log here (Ctrl+V), drop a log file on this box, or pick one."></textarea>
    <div class="drop-actions">
      <input id="file" class="file-input" type="file"><label class="button" for="file">Pick a file</label>
      <button type="button" id="analyze" title="Ctrl+Enter in the text box">Analyze the text <kbd>Ctrl</kbd>+<kbd>Enter</kbd></button>
      <button type="button" id="clear">Clear</button>
      <progress id="progress" max="100" value="0" hidden aria-label="Reading the log"></progress>
      <span id="status" role="status" aria-live="polite">Nothing leaves this page: the log is read here, by the same matcher as the command line.</span>
    </div>
  </div>
  <details id="probes" class="probes">
    <summary>Check it against the machine too (optional): paste what these print</summary>
    <p>On the machine that builds, run these and paste their output; the page compares them with what the log shows.</p>
    <div class="probe-grid">
${PASTE_SOURCES.map((p) => `      <label><span>${e(p.title)}</span><code class="cmd">${e(p.command)}</code><textarea data-probe="${e(p.box)}" aria-label="output of ${e(p.what)}" rows="3" spellcheck="false"></textarea></label>\n`).join("")}    </div>
    <div id="verify" class="verify"></div>
  </details>
</section>
<section id="result" class="result" hidden>
  <div id="answer" class="answer"></div>
  <div class="panes">
    <aside id="findings" class="findings" aria-label="Findings" tabindex="0"></aside>
    <section class="logpane" aria-label="The log">
      <div class="loghead"><span id="loginfo"></span><span class="legend"><span class="mk fatal">fatal</span><span class="mk harmless">harmless</span><span class="mk unrec">unrecognized</span></span></div>
      <div id="log" class="log" tabindex="0" role="region" aria-label="The log, line by line"><div class="spacer"></div><div class="rows"></div></div>
    </section>
  </div>
  <div id="decision" class="decision"></div>
</section>`;
  return page({ title: "Paste a build log — cudafix", base: "", body, scripts: ["assets/notes.js", "assets/paste.js"], current: "paste", wide: true });
}
