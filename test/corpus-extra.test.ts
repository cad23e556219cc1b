// The extra corpus (test/corpus-extra: Windows/MSVC, GBK and UTF-16 logs, old torch, pip, CI, docker, JIT,
// conda, the seed write-ups' cases), labelled before cudafix was run on it.
import { expect, it } from "vitest";
import { join } from "node:path";
import { describeCorpus, readLabels } from "./helpers/corpus.js";

const dir = join(import.meta.dirname, "corpus-extra");
it("the extra corpus has 25 or more cases", () => expect(readLabels(dir).length).toBeGreaterThanOrEqual(25));
describeCorpus("extra corpus", dir);
