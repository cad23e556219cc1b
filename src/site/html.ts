// Escaping for the build-time templates. Only knowledge-base text passes through here, never a log.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

// A heading's anchor: the core's, so that search results link to the sections the pages have.
export { slug } from "../core/render/shared.js";
