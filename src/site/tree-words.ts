// Decision-tree conditions and `{{ … }}` placeholders in words, for the pages that show a tree before any
// fact is known: `set(archListEnv) and set(archRejected)` reads "TORCH_CUDA_ARCH_LIST is set and the
// TORCH_CUDA_ARCH_LIST entries this torch rejects are known?". The words of each fact are its `about` in
// the probes' catalogue (src/probe/facts.ts); the structure comes from the expression's syntax tree. Nothing here evaluates anything.
import { parseExpr, type Expr } from "../core/expr.js";
import { LIVE_FACTS } from "../probe/facts.js";

function short(about: string): string {
  return about.replace(/\s*\([^)]*\)/g, "").split(/:\s/)[0]!.trim();
}

function humanize(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

export function factWords(name: string, log: boolean): string {
  const live = LIVE_FACTS[name];
  if (log) return live ? `${short(live.about)} as the log shows it` : `the ${humanize(name)} the log shows`;
  return live ? short(live.about) : humanize(name);
}

const OPS: Record<string, string> = { "==": "is", "!=": "is not", "<": "is below", "<=": "is at most", ">": "is above", ">=": "is at least" };

export function exprWords(e: Expr): string {
  const w = exprWords;
  switch (e.t) {
    case "lit":
      return typeof e.v === "string" ? `"${e.v}"` : String(e.v);
    case "fact":
      return factWords(e.name, e.log);
    case "and":
      return e.items.map(w).join(", and ");
    case "or":
      return e.items.map(w).join(", or ");
    case "cmp":
      return `${w(e.a)} ${OPS[e.op] ?? e.op} ${w(e.b)}`;
    case "not": {
      const x = e.e;
      if (x.t === "call" && (x.fn === "set" || x.fn === "known")) return `${w(x.args[0]!)} is not ${x.fn === "set" ? "set" : "known"}`;
      if (x.t === "call" && x.fn === "subset") return `${w(x.args[0]!)} are not all in ${w(x.args[1]!)}`;
      return `not (${w(x)})`;
    }
    case "call": {
      const [a, b] = e.args;
      switch (e.fn) {
        case "set":
          return `${w(a!)} is set`;
        case "known":
          return `${w(a!)} is known`;
        case "either":
          return `${w(a!)} (else ${w(b!)})`;
        case "major":
          return `the major version of ${w(a!)}`;
        case "count":
          return `the number of ${w(a!)}`;
        case "subset":
          return `${w(a!)} are all in ${w(b!)}`;
        case "minus":
          return `${w(a!)} that are not in ${w(b!)}`;
        case "select":
          return `${w(a!)} matching ${w(b!)}`;
        default:
          // list, unique, sort, strip, join and the like keep the meaning of their first argument.
          return a ? w(a) : e.fn;
      }
    }
  }
}

/** A tree condition as a question; the source itself when it does not parse (the compiler rejects those). */
export function conditionQuestion(test: string): string {
  if (test.trim() === "otherwise") return "Anything else?";
  try {
    const s = exprWords(parseExpr(test));
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}?`;
  } catch {
    return test;
  }
}

/** `{{ expr }}` placeholders in words, in square brackets: "[each GPU's compute capability (else "none found")]". */
export function placeholderWords(text: string): string {
  return text.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, src: string) => {
    try {
      return `[${exprWords(parseExpr(src))}]`;
    } catch {
      return "[a value]";
    }
  });
}
