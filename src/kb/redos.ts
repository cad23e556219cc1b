// Catastrophic-backtracking check for note patterns, with recheck (a ReDoS checker that proves a regex
// linear or shows an attack string). Results are cached by source, since a check can take a second.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { check as checkAsync, checkSync } from "recheck";

type Verdict = ReturnType<typeof checkSync>;

function keyOf(source: string, flags: string): string {
  return createHash("sha1").update(`${flags}/${source}`).digest("hex");
}

function describe(r: Verdict): string {
  // "unknown" (the checker gave up) is not proof of danger; the matcher's per-line budget guards it.
  return r.status === "vulnerable" ? `${r.complexity.type} time on input like ${JSON.stringify(r.attack.string.slice(0, 60))}` : "";
}

export function redosChecker(cacheFile: string | null): {
  check: (source: string, flags: string) => string | null;
  /** Checks the sources not yet in the cache, several at a time (a fresh clone has none cached). */
  warm: (patterns: readonly { source: string; flags: string }[], concurrency?: number) => Promise<void>;
  save: () => void;
} {
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
      const key = keyOf(source, flags);
      let verdict = cache[key];
      if (verdict === undefined) {
        verdict = describe(checkSync(source, flags, { timeout: 10_000 }));
        cache[key] = verdict;
        dirty = true;
      }
      return verdict || null;
    },
    async warm(patterns, concurrency = 4) {
      const todo = patterns.filter((p) => cache[keyOf(p.source, p.flags)] === undefined);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < todo.length) {
          const p = todo[next++]!;
          try {
            cache[keyOf(p.source, p.flags)] = describe(await checkAsync(p.source, p.flags, { timeout: 10_000 }));
            dirty = true;
          } catch {
            // Left for the synchronous check, which reports a source that does not compile.
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
    },
    save() {
      if (!cacheFile || !dirty) return;
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(cache, null, 0));
    },
  };
}
