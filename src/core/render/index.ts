// The output formats, as a table: each row is one file of this folder that turns Reports into text. A new
// format is one file that exports a `Renderer` and one row below; `--format`'s choices come from here.

import type { Renderer } from "./renderer.js";
import { github } from "./github.js";
import { json } from "./json.js";
import { markdown } from "./markdown.js";
import { sarif } from "./sarif.js";
import { text } from "./text.js";

export type { ContextLine, KnowledgeVersion, RenderedLog, Renderer, RenderOptions, TextStyle } from "./renderer.js";

export const RENDERERS: readonly Renderer[] = [text, json, github, sarif, markdown];

export const FORMATS: readonly string[] = RENDERERS.map((r) => r.id);

export function rendererFor(id: string): Renderer | undefined {
  return RENDERERS.find((r) => r.id === id);
}
