// What the build puts on the page: the compiled knowledge base (assets/kb.js) and, on the paste page, the
// rendered fix of each note (assets/notes.js). Classic scripts, so that the site works from file://.
import type { KnowledgeBase } from "../../core/types.js";

export interface NoteView {
  readonly title: string;
  readonly severity?: string;
  readonly stage?: string;
  readonly summary: string;
  readonly fix: string;
  readonly check: string;
}

interface SiteGlobals {
  CUDAFIX_KB?: KnowledgeBase;
  CUDAFIX_NOTES?: Record<string, NoteView>;
  CUDAFIX_TREES?: Record<string, { title: string; svg: string }>;
}

export const site = globalThis as unknown as SiteGlobals;

/** "" at the top of the site, "../" on notes/ and trees/ pages. */
export function base(): string {
  return document.body.dataset.base ?? "";
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === "string" ? document.createTextNode(c) : c);
  return el;
}
