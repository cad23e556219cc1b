// Helpers on regex sources shared by the matcher and the knowledge-base compiler.

/** Named groups become plain groups, so that many patterns can be joined into one alternation. */
export function withoutGroupNames(source: string): string {
  return source.replace(/\(\?<(?![=!])[A-Za-z_$][\w$]*>/g, "(?:");
}

/** The names of a pattern's named groups: the facts it captures. */
export function groupNames(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\(\?<(?![=!])([A-Za-z_$][\w$]*)>/g)) out.push(m[1]!);
  return out;
}

/** Literal words of a regex source (for search): escapes resolved, syntax dropped. */
export function literalWords(source: string): string {
  return source
    .replace(/\(\?<(?![=!])[A-Za-z_$][\w$]*>/g, " ")
    .replace(/\\[dDwWsSbB]|\\[pP]\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\\(.)/g, "$1")
    .replace(/[()[\]{}^$|?*+]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
