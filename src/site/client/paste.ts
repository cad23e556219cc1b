// The paste-a-log page: the log (pasted, dropped or picked) goes to core's Engine in a Web Worker; the
// page shows the root cause first, every classified line marked in a windowed log view, unrecognized
// errors with their nearest notes, and, with pasted probe outputs, core's live check and decision trees.
// Nothing leaves the page: no request, no storage. Log text reaches the DOM through textContent only.
import { withLive } from "../../core/diagnose.js";
import { factResolver, fillText } from "../../core/fill.js";
import { fixFacts, neededFacts, rootFinding } from "../../core/fix.js";
import { isDecision, type DecisionWalk, type Facts, type LiveFacts, type Report, type VerificationEntry, type WalkedNode } from "../../core/types.js";
import { actionGist, type LayoutInput } from "../tree-layout.js";
import { h, site, type NoteView } from "./globals.js";
import { LogView, byteSource, type Mark } from "./logview.js";
import { liveFactsFromPastes, type ProbeName } from "./probes.js";
import { PASTE_SOURCES } from "../../probe/facts.js";
import { treeElement } from "./tree-dom.js";
import type { FromWorker, ToWorker } from "./worker.js";

declare const __WORKER_SOURCE__: string;

const CONTEXT = 3;
/** Findings listed per kind beside the log (all are marked in the log view). */
const LISTED = 150;
/** Pastes above this size are read directly instead of going into the text box. */
const BIG_PASTE = 100_000;

interface Current {
  report: Report;
  bytes: Uint8Array;
  starts: Uint32Array;
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function main(): void {
  const kb = site.CUDAFIX_KB;
  const notes = site.CUDAFIX_NOTES ?? {};
  if (!kb) return;
  const status = $("status");
  const textarea = $<HTMLTextAreaElement>("paste");
  const result = $("result");
  const answer = $("answer");
  const findingsBox = $("findings");
  const decisionBox = $("decision");
  const verifyBox = $("verify");
  const progress = $<HTMLProgressElement>("progress");
  const view = new LogView($("log"), (line) => jumpToFinding(line));
  let current: Current | null = null;
  let started = 0;
  let seq = 0;
  let label = "";

  // A worker from a blob: file:// pages may not start a worker from a file, and the site must work there.
  const url = URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: "text/javascript" }));
  const worker = new Worker(url);
  worker.postMessage({ type: "init", kb });
  document.body.dataset.worker = "starting";

  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    const msg = ev.data;
    if (msg.type === "ready") {
      document.body.dataset.worker = "ready";
      return;
    }
    if (msg.id !== seq) return; // an older log, replaced meanwhile
    if (msg.type === "progress") {
      const pct = Math.min(100, Math.round((100 * msg.done) / Math.max(1, msg.total)));
      progress.value = pct;
      status.textContent = `Reading ${label}: ${pct} % (${((performance.now() - started) / 1000).toFixed(1)} s)`;
    } else if (msg.type === "error") {
      progress.hidden = true;
      status.textContent = `The log could not be read: ${msg.message}`;
      document.body.dataset.state = "error";
    } else {
      progress.hidden = true;
      current = { report: msg.report, bytes: new Uint8Array(msg.buf), starts: msg.starts };
      const t = performance.now();
      show(current, t - started);
      document.body.dataset.timing = `total ${Math.round(performance.now() - started)} ms; worker ${Math.round(msg.ms)} ms; render ${Math.round(performance.now() - t)} ms`;
    }
  };
  worker.onerror = (ev) => {
    status.textContent = `The matcher failed: ${ev.message}`;
  };

  /** Starts reading a log in the worker; `started` is when the person gave it (paste, drop, pick). */
  function begin(what: string, at: number): number {
    started = at;
    label = what;
    seq++;
    document.body.dataset.state = "working";
    status.textContent = `Reading ${what}…`;
    progress.value = 0;
    progress.hidden = false;
    return seq;
  }

  // The text goes to the worker once (a structured clone) and is encoded there, off this thread.
  const analyzeText = (text: string, what: string, at = performance.now()): void => {
    const id = begin(what, at);
    worker.postMessage({ type: "analyze-text", id, text } satisfies ToWorker);
  };
  const sizeOf = (n: number): string => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} bytes`);

  textarea.addEventListener("paste", (ev) => {
    const text = ev.clipboardData?.getData("text/plain") ?? "";
    if (!text) return;
    if (text.length > BIG_PASTE || !textarea.value) {
      // Straight to the matcher: a text box holding 20 MB would make the page crawl.
      ev.preventDefault();
      textarea.value = text.length > BIG_PASTE ? "" : text;
      textarea.placeholder = text.length > BIG_PASTE ? `Pasted ${sizeOf(text.length)}; paste again to replace it.` : textarea.placeholder;
      analyzeText(text, `the pasted log (${sizeOf(text.length)})`, ev.timeStamp);
    } else {
      setTimeout(() => analyzeText(textarea.value, "the text"), 0);
    }
  });
  const analyzeBox = (): void => void (textarea.value.trim() && analyzeText(textarea.value, "the text"));
  $("analyze").addEventListener("click", analyzeBox);
  // Ctrl+Enter (⌘+Enter) analyses from anywhere on the page.
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      analyzeBox();
    }
  });
  $("clear").addEventListener("click", () => {
    textarea.value = "";
    result.hidden = true;
    current = null;
    status.textContent = "Cleared.";
  });
  // A File is a handle: the worker streams it; the page never reads it.
  const readFile = (file: File, at = performance.now()): void => {
    const id = begin(`${file.name} (${sizeOf(file.size)})`, at);
    worker.postMessage({ type: "analyze-file", id, file } satisfies ToWorker);
  };
  $<HTMLInputElement>("file").addEventListener("change", (ev) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f) readFile(f, ev.timeStamp);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    const f = ev.dataTransfer?.files[0];
    if (f) readFile(f, ev.timeStamp);
    else {
      const t = ev.dataTransfer?.getData("text/plain");
      if (t) analyzeText(t, "the dropped text");
    }
  });
  for (const box of Array.from(document.querySelectorAll<HTMLTextAreaElement>("textarea[data-probe]"))) {
    box.addEventListener("input", () => current && showLive(current.report));
  }


  function show(c: Current, ms: number): void {
    const { report } = c;
    const source = byteSource(c.bytes, c.starts, report.stats.encoding);
    const marks = new Map<number, { mark: Mark; title: string }>();
    for (const u of report.unrecognized) marks.set(u.line, { mark: "unrec", title: "unrecognized error" });
    for (const f of report.findings) {
      const prev = marks.get(f.line);
      if (!prev || prev.mark !== "fatal") marks.set(f.line, { mark: f.severity, title: `${f.severity}: ${notes[f.id]?.title ?? f.id}` });
    }
    result.hidden = false;
    // Two tasks, so that neither holds the page long: the answer and the log view first, then the list
    // of findings and what a check would need.
    view.show(source, marks);
    renderAnswer(report, source.text.bind(source), source.count);
    $("loginfo").textContent = `${source.count.toLocaleString("en")} lines · ${sizeOf(report.stats.bytes)} · ${report.stats.encoding}${report.stats.binary ? " · looks binary" : ""}`;
    if (report.rootCause) view.goTo(report.rootCause.line);
    const id = seq;
    setTimeout(() => {
      if (id !== seq) return; // another log was given meanwhile
      renderFindings(report);
      showLive(report);
      // The whole wait, from the paste, drop or pick to this line: reading, matching and drawing.
      const secs = (Math.max(ms, performance.now() - started) / 1000).toFixed(2);
      status.textContent = `Read ${label}: ${report.stats.lines.toLocaleString("en")} lines in ${secs} s.`;
      answer.dataset.ms = String(Math.round(ms));
      document.body.dataset.state = "done";
    }, 0);
  }

  function renderAnswer(report: Report, text: (n: number) => string, count: number): void {
    answer.replaceChildren();
    const rc = report.rootCause;
    if (!rc) {
      const harmless = report.findings.filter((f) => f.severity === "harmless").length;
      answer.append(
        h("h2", { id: "root-cause", "data-root": "" }, "No known root cause"),
        h("p", {}, report.unrecognized.length
          ? `No note recognises a fatal line. ${report.unrecognized.length} line(s) look like errors that no note knows: they are listed beside the log with the nearest notes.`
          : harmless
            ? `Only harmless lines: ${harmless} warning(s) that you may ignore. If the build failed, its error is not in this log, or no note knows it yet.`
            : "No note recognises any line of this log."),
      );
      answer.className = "answer none";
      return;
    }
    const note = notes[rc.id];
    const finding = rootFinding(report);
    answer.className = "answer fatal";
    const title = h("h2", { id: "root-cause", "data-root": rc.id }, h("span", { class: "badge fatal" }, "root cause"), " ", note?.title ?? rc.id);
    const ctx = h("pre", { class: "context" });
    for (let n = Math.max(1, rc.line - CONTEXT); n <= Math.min(count, rc.line + CONTEXT); n++) {
      const row = h("span", { class: n === rc.line ? "hit" : "ctx" }, h("span", { class: "gut" }, String(n)), text(n).replace(/\r$/, ""));
      ctx.append(row);
    }
    const jump = h("button", { type: "button", class: "linelink", "data-line": String(rc.line) }, `line ${rc.line}`);
    jump.addEventListener("click", () => view.goTo(rc.line));
    answer.append(
      title,
      h("p", { class: "where" }, "At ", jump, " · ", h("a", { href: `notes/${rc.id}.html` }, "the note"), " · ", h("code", {}, rc.id)),
      ctx,
      h("p", { class: "why" }, rc.why),
    );
    if (note) {
      // The same fix as the CLI's "What to do": the note's text, filled from the log's facts (core/fix.ts).
      const scope = fixFacts(report, finding);
      answer.append(h("h3", { id: "how-to-fix" }, "How to fix"), trusted(note.fix, scope, "fix"), h("details", {}, h("summary", {}, "How to check"), trusted(note.check, scope)));
    }
  }

  /**
   * Build-time HTML of a note (never log text), with its {{fact}} placeholders filled as text by the one
   * fill (core/fill.ts): shape-checked, quoted for a block's shell, the placeholder kept when unsafe.
   */
  function trusted(html: string, facts: Facts, cls = ""): HTMLElement {
    const div = h("div", { class: `md ${cls}`.trim() });
    const tpl = document.createElement("template");
    tpl.innerHTML = html;
    const resolve = factResolver(facts, kb?.factShapes ?? {});
    // Code: a block is filled whole, so the quoting state is followed from its start.
    for (const code of Array.from(tpl.content.querySelectorAll("code"))) {
      const src = code.textContent ?? "";
      if (!src.includes("{{")) continue;
      const lang = code.parentElement?.tagName === "PRE" ? (/(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? "") : undefined;
      code.textContent = fillText(src, lang === undefined ? { kind: "code" } : { kind: "code", lang }, resolve).text;
    }
    const walker = document.createTreeWalker(tpl.content, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeValue?.includes("{{")) n.nodeValue = fillText(n.nodeValue, { kind: "prose" }, resolve).text;
    }
    div.append(tpl.content);
    return div;
  }

  function renderFindings(report: Report): void {
    findingsBox.replaceChildren();
    const group = (title: string, cls: string, items: HTMLElement[]): void => {
      if (!items.length) return;
      findingsBox.append(h("h3", { class: cls }, `${title} `, h("span", { class: "count" }, String(items.length))), h("ol", { class: `flist ${cls}` }, ...items));
    };
    const item = (line: number, id: string | null, text: string, cls: string, extra?: HTMLElement): HTMLElement => {
      const btn = h("button", { type: "button", class: "linelink", "data-line": String(line) }, `L${line}`);
      btn.addEventListener("click", () => {
        view.goTo(line);
        $("log").focus({ preventScroll: true });
      });
      const li = h("li", { id: `f-${line}`, class: `finding ${cls}`, "data-line": String(line), ...(id ? { "data-id": id } : {}) },
        btn, " ",
        id ? h("a", { href: `notes/${id}.html` }, notes[id]?.title ?? id) : h("span", {}, "unrecognized"),
        h("div", { class: "ftext" }, text.length > 300 ? `${text.slice(0, 300)}…` : text),
        extra ?? null);
      return li;
    };
    const fatal = report.findings.filter((f) => f.severity === "fatal");
    const harmless = report.findings.filter((f) => f.severity === "harmless");
    // The first LISTED of each kind; every one of them is still marked in the log view.
    group("Fatal", "fatal", fatal.slice(0, LISTED).map((f) => item(f.line, f.id, f.text, "fatal")));
    group("Harmless", "harmless", harmless.slice(0, LISTED).map((f) => item(f.line, f.id, f.text, "harmless")));
    const unlisted = Math.max(0, fatal.length - LISTED) + Math.max(0, harmless.length - LISTED);
    if (unlisted) findingsBox.append(h("p", { class: "hint" }, `${unlisted} more classified line(s) are marked in the log but not listed here.`));
    group("Unrecognized errors", "unrec", report.unrecognized.map((u) => {
      const near = h("div", { class: "nearest" }, "Nearest notes: ");
      if (!u.nearest.length) near.append("none");
      u.nearest.forEach((n, i) => near.append(i ? ", " : "", h("a", { href: `notes/${n.id}.html` }, n.id), ` (${n.score})`));
      return item(u.line, null, u.text, "unrec", near);
    }));
    const omitted = report.stats.omittedFindings;
    if (omitted) findingsBox.append(h("p", { class: "hint" }, `${omitted} more harmless line(s) of the same kinds are not listed.`));
    if (!findingsBox.childElementCount) findingsBox.append(h("p", { class: "hint" }, "No line of this log is classified."));
  }

  function jumpToFinding(line: number): void {
    const li = document.getElementById(`f-${line}`);
    if (!li) return;
    li.scrollIntoView({ block: "center" });
    li.classList.add("flash");
    setTimeout(() => li.classList.remove("flash"), 1200);
    li.querySelector<HTMLButtonElement>("button")?.focus({ preventScroll: true });
  }

  function pastes(): Partial<Record<ProbeName, string>> {
    const out: Partial<Record<ProbeName, string>> = {};
    for (const box of Array.from(document.querySelectorAll<HTMLTextAreaElement>("textarea[data-probe]"))) out[box.dataset.probe as ProbeName] = box.value;
    return out;
  }

  function showLive(report: Report): void {
    const { live, unread } = liveFactsFromPastes(pastes());
    if (!live.probes.length) {
      // Nothing pasted about the machine: as `cudafix --no-verify`, no verdict and no decision; say what
      // a check would read instead.
      verifyBox.replaceChildren();
      decisionBox.replaceChildren();
      renderNeeds(report);
      return;
    }
    $("needs")?.remove();
    // The same last stage as core's diagnose(): the report checked against the pasted facts.
    let checked: Report;
    try {
      checked = withLive(report, kb!, live);
    } catch (e) {
      verifyBox.replaceChildren(h("p", { class: "hint" }, `The live check failed: ${(e as Error).message}`));
      return;
    }
    renderVerification(checked.verification, live, unread);
    renderDecision(isDecision(checked.decision) ? checked.decision.walks : []);
  }

  function renderNeeds(report: Report): void {
    $("needs")?.remove();
    const rc = report.rootCause;
    if (!rc) return;
    const needs = neededFacts(rc.id, kb!);
    const box = h("div", { id: "needs", class: "needs" });
    if (!needs.length) {
      box.append(h("p", { class: "hint" }, "Checking this cause needs nothing from the machine: the fix above is all there is."));
    } else {
      // What to paste for each probe: as the probes declare it (probe/facts.ts).
      const commands = Object.fromEntries(PASTE_SOURCES.map((p) => [p.probe, p.what]));
      box.append(
        h("p", {}, "Not checked against the machine (nothing pasted below). To check it, the page needs:"),
        h("ul", {}, ...needs.map((n) => h("li", {}, h("strong", {}, n.probe), `: ${n.facts.join(", ")}`, commands[n.probe] ? ` (paste what ${commands[n.probe]} prints)` : ""))),
        h("p", { class: "hint" }, "Paste the outputs under \u201cCheck it against the machine too\u201d; or run cudafix on the machine that builds."),
      );
    }
    answer.append(box);
  }

  function renderVerification(entries: readonly VerificationEntry[], live: LiveFacts, unread: ProbeName[]): void {
    verifyBox.replaceChildren();
    if (unread.length) verifyBox.append(h("p", { class: "warn" }, `Not recognised: the ${unread.join(", ")} output. Paste exactly what the command printed.`));
    if (!live.probes.length) return;
    const facts = Object.entries(live.facts);
    verifyBox.append(h("p", { class: "hint" }, `Read from the pasted output: ${facts.map(([k, v]) => `${k}=${v}`).join(", ") || "nothing"}.`));
    const shown = entries.filter((e) => e.kind === "standing" || e.evidence.some((x) => x.live !== null));
    if (!shown.length) {
      verifyBox.append(h("p", { class: "hint" }, "Nothing in the pasted output bears on this log's findings."));
      return;
    }
    const table = h("table", { class: "verification" }, h("thead", {}, h("tr", {}, h("th", {}, "finding"), h("th", {}, "verdict"), h("th", {}, "because"))));
    const body = h("tbody", {});
    for (const e of shown) {
      body.append(h("tr", { class: `v-${e.verdict.replace(/\s+/g, "-")}` },
        h("td", {}, h("a", { href: `notes/${e.id}.html` }, e.id), e.line ? ` (line ${e.line})` : " (this machine)"),
        h("td", {}, e.verdict, e.pointsTo ? ` → ${e.pointsTo}` : ""),
        h("td", {}, e.because)));
    }
    table.append(body);
    verifyBox.append(table);
  }

  function renderDecision(walks: readonly DecisionWalk[]): void {
    decisionBox.replaceChildren();
    const relevant = walks.filter((w) => w.reason !== "standing" || w.problem);
    if (!relevant.length) return;
    decisionBox.append(h("h2", {}, "Decision tree"));
    for (const w of relevant) {
      const toInput = (n: WalkedNode): LayoutInput => ({ label: n.label, ...(n.test ? { test: n.test } : {}), taken: n.taken, children: n.children.map(toInput) });
      const sec = h("section", { class: "walk", "data-tree": w.tree },
        h("h3", {}, h("a", { href: `trees/${w.tree}.html` }, w.title)),
        h("p", { class: "hint" }, w.outcome === "leaf" ? `Branch taken: ${w.path.join(" → ")}` : `Undecided: ${w.missing.length ? `unknown ${w.missing.join(", ")}` : "a condition could not be evaluated"}; paste the probe outputs above to go further.`),
        h("div", { class: "tree-wrap" }, treeElement(toInput(w.root), w.title)));
      if (w.action) sec.append(h("p", { class: "action" }, actionGist(w.action, 600)));
      for (const c of w.commands) sec.append(h("pre", { class: "cmd" }, c.text));
      decisionBox.append(sec);
    }
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();

export type { NoteView };
