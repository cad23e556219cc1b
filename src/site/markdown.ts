// Markdown of the notes → HTML, through unified (remark → rehype), at build time.
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import type { Root as HastRoot, Element, Text, RootContent, ElementContent } from "hast";
import { slug } from "./html.js";
import { conditionQuestion, placeholderWords } from "./tree-words.js";

export interface MarkdownOptions {
  /** "show": `{{nvcc}}` reads `<nvcc>` (a docs page); "keep": left for the paste page to fill in. */
  readonly placeholders: "show" | "keep" | "words";
  /** Tree pages: a list item led by a condition in inline code reads as the question it asks. */
  readonly conditions?: boolean;
  /** Link `notes/<id>.html` for inline code that names a note id, relative to the page. */
  readonly noteIds?: ReadonlySet<string>;
  readonly notesBase?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.()\s,]*?)\s*\}\}/g;

function rehypeSite(options: MarkdownOptions) {
  return (tree: HastRoot): void => {
    const visit = (node: HastRoot | Element, inPre: boolean): void => {
      const kids = node.children as (RootContent | ElementContent)[];
      for (let i = 0; i < kids.length; i++) {
        const child = kids[i]!;
        if (child.type === "text") {
          if (options.placeholders === "show") (child as Text).value = (child as Text).value.replace(PLACEHOLDER, "<$1>");
          else if (options.placeholders === "words") (child as Text).value = placeholderWords((child as Text).value);
        } else if (child.type === "element") {
          const el = child as Element;
          if (options.conditions && el.tagName === "li") questionFirst(el);
          if (/^h[2-4]$/.test(el.tagName)) el.properties = { ...el.properties, id: slug(textOf(el)) };
          if (el.tagName === "table") {
            // Wide tables scroll inside their own box instead of widening the page; the box takes focus so
            // that a keyboard can scroll it.
            kids[i] = { type: "element", tagName: "div", properties: { className: ["table-wrap"], tabIndex: 0 }, children: [el] };
          }
          if (el.tagName === "pre") el.properties = { ...el.properties, tabIndex: 0 };
          if (el.tagName === "code" && !inPre && options.noteIds && options.notesBase !== undefined) {
            const t = textOf(el);
            if (options.noteIds.has(t)) {
              kids[i] = { type: "element", tagName: "a", properties: { href: `${options.notesBase}${t}.html` }, children: [el] };
            }
          }
          visit(el, inPre || el.tagName === "pre");
        }
      }
    };
    visit(tree, false);
  };
}

/** `- \`cond\`: label` → the condition as a question in bold, then the label. */
function questionFirst(li: Element): void {
  const holder = li.children.find((c): c is Element => c.type === "element") ?? null;
  const at = holder?.tagName === "p" ? holder : li;
  const first = at.children.find((c) => !(c.type === "text" && !c.value.trim()));
  if (!first || first.type !== "element" || first.tagName !== "code") return;
  const src = textOf(first);
  const q = conditionQuestion(src);
  if (q === src) return;
  const i = at.children.indexOf(first);
  at.children[i] = { type: "element", tagName: "strong", properties: { className: ["question"], title: src }, children: [{ type: "text", value: q }] };
}

function textOf(node: Element | ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}

export function markdownToHtml(markdown: string, options: MarkdownOptions): string {
  const file = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeSite, options)
    .use(rehypeStringify)
    .processSync(markdown);
  return String(file);
}
