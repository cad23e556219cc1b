// Catastrophic-backtracking check for note patterns, with recheck (a ReDoS checker that proves a regex
// linear or shows an attack string). Results are cached by source, since a check can take a second.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { checkSync } from "recheck";

export function redosChecker(cacheFile: string | null): { check: (source: string, flags: string) => string | null; save: () => void } {
  let cache: Record<string, string> = {};
  if (cacheFile && existsSync(cacheFile)) {
    try {
      cache = JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, string>;
    } catch {
      cache = {};
    }
  }
  let dirty = false;
  return {
    check(source, flags) {
      const key = createHash("sha1").update(`${flags}/${source}`).digest("hex");
      let verdict = cache[key];
      if (verdict === undefined) {
        const r = checkSync(source, flags, { timeout: 10_000 });
        verdict =
          r.status === "vulnerable"
            ? `${r.complexity.type} time on input like ${JSON.stringify(r.attack.string.slice(0, 60))}`
            : "";
        // "unknown" (the checker gave up) is not proof of danger; the matcher's per-line budget guards it.
        cache[key] = verdict;
        dirty = true;
      }
      return verdict || null;
    },
    save() {
      if (!cacheFile || !dirty) return;
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(cache, null, 0));
    },
  };
}
