// Every labelled log of the shared corpus (real logs from a GPU build lab), through the engine.
import { join } from "node:path";
import { describeCorpus } from "./helpers/corpus.js";

describeCorpus("shared corpus lab-h200", join(import.meta.dirname, "..", "..", "shared", "corpus", "lab-h200"));
