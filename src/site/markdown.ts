// Markdown of the notes → HTML, through unified (remark → rehype), at build time.
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import type { Root as HastRoot, Element, Text, RootContent, ElementContent } from "hast";
import { slug } from "./html.js";

export interface MarkdownOptions {
  /** "show": `{{nvcc}}` reads `<nvcc>` (a docs page); "keep": left for the paste page to fill in. */
  readonly placeholders: "show" | "keep";
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
        } else if (child.type === "element") {
          const el = child as Element;
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
