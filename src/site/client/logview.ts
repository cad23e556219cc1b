// A windowed view of a log of any size: only the rows on screen (and a margin) exist in the DOM. Lines
// are decoded from the bytes on demand. Text goes in with textContent only: a log line is never markup.

import { LineText } from "../../core/decode.js";

export type Mark = "fatal" | "harmless" | "unrec";

export interface LogSource {
  readonly count: number;
  text(line: number): string;
}

const ROW = 18;
const OVERSCAN = 30;
const MAX_SHOWN = 3000;

/** Lines of a byte buffer, from the line-start offsets the worker found. */
export function byteSource(bytes: Uint8Array, starts: Uint32Array, encoding: string): LogSource {
  if (encoding !== "utf-8") {
    const all = new TextDecoder(encoding).decode(bytes).split("\n");
    return { count: all.length, text: (n) => all[n - 1] ?? "" };
  }
  const lines = new LineText();
  return {
    count: starts.length,
    text(n) {
      const a = starts[n - 1];
      if (a === undefined) return "";
      let b = n < starts.length ? starts[n]! - 1 : bytes.length;
      if (b - a > MAX_SHOWN * 4) b = a + MAX_SHOWN * 4;
      // Each line as the report's decoder read it (UTF-8, else GB18030 for that line).
      return lines.decode(bytes.subarray(a, b));
    },
  };
}

export class LogView {
  private source: LogSource = { count: 0, text: () => "" };
  private marks = new Map<number, { mark: Mark; title: string }>();
  private active = 0;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private scheduled = false;
  private first = -1;
  private last = -1;

  constructor(
    private readonly box: HTMLElement,
    private readonly onMarkClick: (line: number) => void,
  ) {
    this.spacer = box.querySelector(".spacer") as HTMLElement;
    this.rows = box.querySelector(".rows") as HTMLElement;
    box.addEventListener("scroll", () => this.schedule());
    this.rows.addEventListener("click", (ev) => {
      const row = (ev.target as HTMLElement).closest<HTMLElement>(".row");
      if (!row) return;
      const line = Number(row.dataset.line);
      if (this.marks.has(line)) this.onMarkClick(line);
    });
  }

  show(source: LogSource, marks: Map<number, { mark: Mark; title: string }>): void {
    this.source = source;
    this.marks = marks;
    this.active = 0;
    this.spacer.style.height = `${source.count * ROW}px`;
    this.box.scrollTop = 0;
    this.first = this.last = -1;
    this.render(true);
  }

  /** Scrolls so that `line` stands a third down the view, and marks it as the current line. */
  goTo(line: number): void {
    this.active = line;
    this.box.scrollTop = Math.max(0, (line - 1) * ROW - this.box.clientHeight / 3);
    this.render(true);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render(false);
    });
  }

  private render(force: boolean): void {
    const top = this.box.scrollTop;
    const height = this.box.clientHeight || 600;
    const first = Math.max(1, Math.floor(top / ROW) + 1 - OVERSCAN);
    const last = Math.min(this.source.count, Math.ceil((top + height) / ROW) + OVERSCAN);
    if (!force && first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    const frag = document.createDocumentFragment();
    const digits = String(this.source.count).length;
    for (let n = first; n <= last; n++) {
      const row = document.createElement("div");
      const mark = this.marks.get(n);
      row.className = `row${mark ? ` marked ${mark.mark}` : ""}${n === this.active ? " active" : ""}`;
      row.dataset.line = String(n);
      row.id = `L${n}`;
      const gut = document.createElement("span");
      gut.className = "gut";
      gut.textContent = String(n).padStart(digits, " ");
      const txt = document.createElement("span");
      txt.className = "txt";
      let t = this.source.text(n);
      if (t.endsWith("\r")) t = t.slice(0, -1);
      if (t.length > MAX_SHOWN) t = `${t.slice(0, MAX_SHOWN)} … (${t.length} characters)`;
      txt.textContent = t;
      if (mark) row.title = `${mark.title} (click: back to the finding)`;
      row.append(gut, txt);
      frag.append(row);
    }
    this.rows.style.transform = `translateY(${(first - 1) * ROW}px)`;
    this.rows.replaceChildren(frag);
  }
}
