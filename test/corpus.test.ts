// Every labelled log of the lab corpus (real logs from a GPU build lab), through the engine. The corpus is
// vendored in test/fixtures/lab-h200 so that the repository tests itself; where ../shared is beside it, the
// copy is checked to be the shared corpus, byte for byte.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describeCorpus } from "./helpers/corpus.js";

const vendored = join(import.meta.dirname, "fixtures", "lab-h200");
const shared = join(import.meta.dirname, "..", "..", "shared", "corpus", "lab-h200");

describeCorpus("lab corpus lab-h200", vendored);

const present = existsSync(join(shared, "labels.jsonl"));
if (!present) console.warn("corpus.test.ts: ../shared/corpus/lab-h200 is absent: the vendored copy is not compared with it");
describe.skipIf(!present)("the vendored lab corpus", () => {
  it("is the shared corpus, file for file and byte for byte", () => {
    const files = readdirSync(shared).sort();
    expect(readdirSync(vendored).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(vendored, f)).equals(readFileSync(join(shared, f))), f).toBe(true);
  });
});
