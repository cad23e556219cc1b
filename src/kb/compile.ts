// The knowledge-base compiler: content/**/*.md → one JSON bundle. Notes are parsed with unified/remark
// (front matter through remark-frontmatter, tables through remark-gfm) at build time only; the CLI and
// the browser load the bundle. Every problem is collected as a `file:line: message` diagnostic.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, basename } from "node:path";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import { parseDocument, LineCounter, isMap, type Node as YamlNode } from "yaml";
import type { Root, Heading, RootContent } from "mdast";
import type {
  Condition, ExampleSpec, Flip, KnowledgeBase, NoteKind, PatternSpec, Severity, Signature, Stage, TreeNode,
} from "../core/types.js";
import { Matcher } from "../core/match.js";
import { planAtoms } from "../core/atoms.js";
import { Cleaner } from "../core/clean.js";
import { groupNames } from "../core/regex.js";
import { checkTrees, parseTree } from "./tree.js";
import { isShapeName, PLACEHOLDER, shapeProblem, SHAPES, type ShapeName } from "../core/fill.js";
import { regexSafety } from "./regex-safety.js";
import { LIVE_FACTS } from "../probe/facts.js";
import { RE2JS } from "re2js";
import type { Engine, RegexPlan } from "../core/note-regex.js";

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface CompileResult {
  readonly kb: KnowledgeBase;
  readonly diagnostics: Diagnostic[];
}

/** Nothing to set today: every check is a pure function of the notes. */
export type CompileOptions = Record<string, never>;

const KINDS: readonly NoteKind[] = ["cause", "symptom", "error-like", "prefix", "fact", "tree", "reference"];
// Notes with no patterns or examples: decision trees, and reference pages (the compatibility tables).
const ruleless = (kind: NoteKind): boolean => kind === "tree" || kind === "reference";
const SEVERITIES: readonly Severity[] = ["fatal", "harmless"];
const STAGES: readonly Stage[] = ["configure", "compile", "link", "load", "run"];
const SECTIONS = ["What you see", "Why it happens", "How to fix", "How to check"];
const TOP_KEYS = new Set([
  "id", "kind", "title", "severity", "stage", "summary", "priority", "related", "releases", "patterns",
  "examples", "verify", "appliesTo", "refines", "aliases", "factShapes", "factLabels",
]);
const PATTERN_KEYS = new Set(["regex", "flags", "severity", "requires", "flips", "set", "next", "outcome", "split"]);
const CONDITION_KEYS = new Set(["before", "after", "line", "within", "not", "to"]);
const EXAMPLE_KEYS = new Set(["line", "before", "after", "facts", "severity"]);

export function listNotes(contentDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md") && name !== "README.md") out.push(p);
    }
  };
  walk(contentDir);
  return out;
}

export function compileContent(contentDir: string, options: CompileOptions = {}): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const notes: Signature[] = [];
  const lineOfExample = new Map<ExampleSpec, string>();
  // Notes that did not compile: their own diagnostics say why; a note that names one is not broken too.
  const failed = new Set<string>();
  for (const path of listNotes(contentDir)) {
    const file = relative(contentDir, path);
    const note = parseNote(file, readFileSync(path, "utf8"), diagnostics, options);
    if (!note) failed.add(basename(file, ".md"));
    if (note) {
      notes.push(note);
      for (const e of [...note.examples.match, ...note.examples.noMatch]) lineOfExample.set(e, file);
    }
  }
  // Ids: unique, and the ones other notes name exist.
  const ids = new Map<string, string>();
  for (const n of notes) {
    const prev = ids.get(n.id);
    if (prev) diagnostics.push({ file: n.file, line: 2, message: `duplicate id "${n.id}" (also in ${prev})` });
    else ids.set(n.id, n.file);
  }
  for (const n of notes) {
    for (const r of [...n.related, ...n.appliesTo]) {
      if (!ids.has(r) && !failed.has(r)) diagnostics.push({ file: n.file, line: 2, message: `names unknown note "${r}"` });
    }
    if (n.refines !== undefined) {
      const base = notes.find((o) => o.id === n.refines);
      if (!base) diagnostics.push({ file: n.file, line: 2, message: `refines unknown note "${n.refines}"` });
      else if (base.kind !== "cause" || base.refines !== undefined || n.kind !== "cause") {
        diagnostics.push({ file: n.file, line: 2, message: `"refines" names a cause note that refines nothing itself, from a cause note` });
      }
    }
  }
  // Trees: the log facts they read exist, the causes they name exist, verify lists name live facts.
  diagnostics.push(...checkTrees(notes));
  const factShapes = checkFactShapes(notes, diagnostics);
  const kb: KnowledgeBase = { schema: "cudafix.kb/1", notes, factShapes, liveFacts: LIVE_FACTS };
  if (!diagnostics.length) checkExamples(kb, diagnostics);
  return { kb, diagnostics };
}

/**
 * Every fact a pattern names (its groups, its `set` keys) has a declared shape (a reference note's
 * `factShapes`), every example's expected facts fit it, and every `{{fact}}` a note's body fills is a fact
 * with a shape. Returns the shapes by fact name.
 */
function checkFactShapes(notes: readonly Signature[], diagnostics: Diagnostic[]): Record<string, ShapeName> {
  const shapes: Record<string, ShapeName> = {};
  for (const n of notes) for (const [k, v] of Object.entries(n.factShapes ?? {})) {
    if (shapes[k] && shapes[k] !== v) diagnostics.push({ file: n.file, line: 2, message: `fact "${k}" has two shapes: ${shapes[k]} and ${v}` });
    shapes[k] = v as ShapeName;
  }
  for (const n of notes) {
    const named = new Set<string>();
    for (const p of n.patterns) {
      for (const g of [...groupNames(p.regex), ...(p.next ?? []).flatMap((x) => groupNames(x.regex))]) named.add(g);
      for (const [k, v] of Object.entries(p.set)) {
        named.add(k);
        const shape = shapes[k];
        const bad = shape ? shapeProblem(v, shape) : null;
        if (bad) diagnostics.push({ file: n.file, line: 2, message: `set ${k}: "${v}": ${bad} (shape ${shape})` });
      }
    }
    for (const g of named) {
      if (!shapes[g]) diagnostics.push({ file: n.file, line: 2, message: `fact "${g}" has no declared shape: add it to factShapes in content/facts.md (${Object.keys(SHAPES).join(", ")})` });
    }
    for (const ex of n.examples.match) {
      for (const [k, v] of Object.entries(ex.facts ?? {})) {
        const shape = shapes[k];
        const bad = shape ? shapeProblem(v, shape) : null;
        if (bad) diagnostics.push({ file: n.file, line: ex.at, message: `example fact ${k}: "${v}": ${bad} (shape ${shape})` });
      }
    }
    if (n.kind === "tree") continue;
    for (const [heading, body] of Object.entries(n.sections)) {
      for (const m of body.matchAll(PLACEHOLDER)) {
        const name = m[1]!.trim();
        if (!shapes[name]) diagnostics.push({ file: n.file, line: 2, message: `"## ${heading}" fills {{${name}}}, a fact with no declared shape` });
      }
    }
  }
  return shapes;
}

/** Every positive example is claimed by its own note only; no negative example is claimed by its note. */
export function checkExamples(kb: KnowledgeBase, diagnostics: Diagnostic[]): void {
  let matcher: Matcher;
  try {
    matcher = new Matcher(kb);
  } catch (e) {
    diagnostics.push({ file: "(all notes)", line: 1, message: `patterns do not combine: ${(e as Error).message}` });
    return;
  }
  const cleaner = new Cleaner(matcher.prefixes);
  // A prefix example is one the cleaner shortens (it removes prefixes, then trims).
  const isPrefix = (s: string): boolean => cleaner.strip(s) !== s.trim() || cleaner.segments(s).length > 1;
  for (const note of kb.notes) {
    const clean = (s: string): string => cleaner.strip(s);
    for (const ex of note.examples.match) {
      const at = { file: note.file, line: ex.at };
      if (note.kind === "prefix") {
        if (!isPrefix(ex.line)) diagnostics.push({ ...at, message: `example is not removed as a prefix: ${ex.line}` });
        continue;
      }
      if (note.kind === "error-like") {
        if (!matcher.errorLike.some((re) => re.test(clean(ex.line)))) diagnostics.push({ ...at, message: `no error-like pattern matches: ${ex.line}` });
        continue;
      }
      if (note.kind === "fact") {
        const found = matcher.facts.filter((p) => p.note === note).some((p) => p.re.test(clean(ex.line)));
        if (!found) diagnostics.push({ ...at, message: `no pattern of this note matches: ${ex.line}` });
        else if (ex.facts) {
          const got: Record<string, string> = {};
          for (const p of matcher.facts.filter((q) => q.note === note)) {
            const m = p.re.exec(clean(ex.line));
            if (m?.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) got[k] ??= v;
            if (m) for (const [k, v] of Object.entries(p.spec.set ?? {})) got[k] ??= v;
          }
          checkFacts(ex, got, at, diagnostics);
        }
        continue;
      }
      if (note.kind === "tree") continue;
      const claims = matcher.claims(clean(ex.line), ex.before.map(clean), ex.after.map(clean));
      const first = claims[0];
      if (!first) {
        diagnostics.push({ ...at, message: `example is not matched by any note: ${ex.line}` });
        continue;
      }
      if (first.note.id !== note.id) {
        diagnostics.push({ ...at, message: `example is claimed by "${first.note.id}", not by this note: ${ex.line}` });
        continue;
      }
      // Another note of the same specificity also claiming it means the two signatures overlap.
      for (const other of claims.slice(1)) {
        if (other.kind === "cause" && first.kind === "cause" && other.note.priority === first.note.priority) {
          diagnostics.push({ ...at, message: `example is also matched by "${other.note.id}": the signatures overlap` });
        }
      }
      if (ex.severity && first.severity !== ex.severity) {
        diagnostics.push({ ...at, message: `example got severity ${first.severity}, expected ${ex.severity}` });
      }
      checkFacts(ex, first.facts, at, diagnostics);
    }
    for (const ex of note.examples.noMatch) {
      const at = { file: note.file, line: ex.at };
      if (note.kind === "prefix") {
        const s = ex.line.trim();
        if (isPrefix(s)) diagnostics.push({ ...at, message: `negative example is removed as a prefix: ${ex.line}` });
        continue;
      }
      if (note.kind === "error-like") {
        if (matcher.errorLike.some((re) => re.test(clean(ex.line)))) diagnostics.push({ ...at, message: `negative example looks like an error: ${ex.line}` });
        continue;
      }
      if (note.kind === "fact" || note.kind === "tree") continue;
      const claims = matcher.claims(clean(ex.line), ex.before.map(clean), ex.after.map(clean));
      if (claims.some((c) => c.note.id === note.id)) {
        diagnostics.push({ ...at, message: `negative example is matched by this note: ${ex.line}` });
      }
    }
  }
}

function checkFacts(ex: ExampleSpec, got: Record<string, string>, at: { file: string; line: number }, diagnostics: Diagnostic[]): void {
  if (!ex.facts) return;
  for (const [k, v] of Object.entries(ex.facts)) {
    if (got[k] !== v) diagnostics.push({ ...at, message: `fact ${k}: expected "${v}", got ${got[k] === undefined ? "nothing" : `"${got[k]}"`}` });
  }
}

function parseNote(file: string, text: string, diagnostics: Diagnostic[], options: CompileOptions): Signature | null {
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm).parse(text) as Root;
  const yamlNode = tree.children[0];
  const report = (line: number, message: string): void => void diagnostics.push({ file, line, message });
  if (!yamlNode || yamlNode.type !== "yaml") {
    report(1, "no front matter: a note starts with a --- block");
    return null;
  }
  const base = (yamlNode.position?.start.line ?? 1); // the opening --- line
  const counter = new LineCounter();
  const doc = parseDocument(yamlNode.value, { lineCounter: counter, uniqueKeys: true });
  const lineAt = (node: YamlNode | null | undefined): number =>
    node?.range ? base + counter.linePos(node.range[0]).line : base;
  for (const e of doc.errors) report(base + (e.linePos?.[0]?.line ?? 1), `front matter: ${e.message.split("\n")[0]}`);
  if (doc.errors.length) return null;
  if (!isMap(doc.contents)) {
    report(base, "front matter is not a mapping of keys to values");
    return null;
  }
  const fm = doc.toJS() as Record<string, unknown>;
  const nodeAt = (path: (string | number)[]): YamlNode | null => (doc.getIn(path, true) as YamlNode | undefined) ?? null;
  const lineOf = (path: (string | number)[]): number => lineAt(nodeAt(path));
  const errorsBefore = diagnostics.length;

  for (const key of Object.keys(fm)) if (!TOP_KEYS.has(key)) report(lineOf([key]), `unknown key "${key}"`);
  const str = (key: string, required = true): string => {
    const v = fm[key];
    if (v === undefined) {
      if (required) report(base, `missing "${key}"`);
      return "";
    }
    if (typeof v !== "string" || !v.trim()) {
      report(lineOf([key]), `"${key}" must be a non-empty string`);
      return "";
    }
    return v.trim();
  };
  const strList = (key: string): string[] => {
    const v = fm[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
      report(lineOf([key]), `"${key}" must be a list of strings`);
      return [];
    }
    return v as string[];
  };
  const id = str("id");
  if (id && id !== basename(file, ".md")) report(lineOf(["id"]), `id "${id}" must equal the file name "${basename(file, ".md")}"`);
  if (id && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) report(lineOf(["id"]), `id "${id}" must be kebab-case`);
  const kind = str("kind") as NoteKind;
  if (kind && !KINDS.includes(kind)) report(lineOf(["kind"]), `kind must be one of ${KINDS.join(", ")}`);
  const title = str("title");
  const summary = str("summary");
  let severity: Severity | undefined;
  if (kind === "cause") {
    severity = str("severity") as Severity;
    if (severity && !SEVERITIES.includes(severity)) report(lineOf(["severity"]), `severity must be fatal or harmless`);
  } else if (fm.severity !== undefined) {
    report(lineOf(["severity"]), `only cause notes have a severity`);
  }
  const stage = fm.stage === undefined ? undefined : (str("stage") as Stage);
  if (stage && !STAGES.includes(stage)) report(lineOf(["stage"]), `stage must be one of ${STAGES.join(", ")}`);
  if (kind === "cause" && !stage) report(base, `missing "stage"`);
  const refines = fm.refines === undefined ? undefined : str("refines");
  if (refines !== undefined && refines === id) report(lineOf(["refines"]), `a note cannot refine itself`);
  const priority = fm.priority === undefined ? 0 : fm.priority;
  if (typeof priority !== "number" || !Number.isFinite(priority)) report(lineOf(["priority"]), `priority must be a number`);

  // Fact shapes (a reference note declares them).
  let factShapes: Record<string, ShapeName> | undefined;
  if (fm.factShapes !== undefined) {
    const raw = fm.factShapes;
    if (kind !== "reference" || !raw || typeof raw !== "object" || Array.isArray(raw)) report(lineOf(["factShapes"]), `"factShapes" maps fact names to shapes, in a reference note`);
    else {
      factShapes = {};
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== "string" || !isShapeName(v)) report(lineOf(["factShapes", k]), `fact "${k}": unknown shape "${String(v)}" (one of ${Object.keys(SHAPES).join(", ")})`);
        else factShapes[k] = v;
      }
    }
  }

  // Labels of log facts for the environment table (the same reference note); live facts' labels are the probes'.
  let factLabels: Record<string, string> | undefined;
  if (fm.factLabels !== undefined) {
    const raw = fm.factLabels;
    if (kind !== "reference" || !raw || typeof raw !== "object" || Array.isArray(raw)) report(lineOf(["factLabels"]), `"factLabels" maps fact names to labels, in a reference note`);
    else {
      factLabels = {};
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== "string" || !v.trim()) report(lineOf(["factLabels", k]), `fact "${k}": a label is a non-empty string`);
        else factLabels[k] = v;
      }
    }
  }

  // Patterns.
  const patterns: PatternSpec[] = [];
  const rawPatterns = fm.patterns;
  if (!ruleless(kind)) {
    if (!Array.isArray(rawPatterns) || rawPatterns.length === 0) {
      report(lineOf(["patterns"]), `"patterns" must be a non-empty list`);
    } else {
      rawPatterns.forEach((raw, i) => {
        const p = parsePattern(raw, ["patterns", i], lineOf, report, options, kind);
        if (p) patterns.push(p);
      });
    }
  } else if (rawPatterns !== undefined) {
    report(lineOf(["patterns"]), `a ${kind} note has no patterns`);
  }

  // Examples.
  const examples = { match: [] as ExampleSpec[], noMatch: [] as ExampleSpec[] };
  if (!ruleless(kind)) {
    const ex = fm.examples as Record<string, unknown> | undefined;
    if (!ex || typeof ex !== "object" || Array.isArray(ex)) {
      report(lineOf(["examples"]), `"examples" must have "match" and "noMatch" lists`);
    } else {
      for (const key of Object.keys(ex)) if (key !== "match" && key !== "noMatch") report(lineOf(["examples", key]), `unknown key "examples.${key}"`);
      for (const key of ["match", "noMatch"] as const) {
        const list = ex[key];
        if (!Array.isArray(list) || list.length === 0) {
          report(lineOf(["examples"]), `"examples.${key}" must be a non-empty list`);
          continue;
        }
        list.forEach((raw, i) => {
          const e = parseExample(raw, lineOf(["examples", key, i]), ["examples", key, i], lineOf, report);
          if (e) examples[key].push(e);
        });
      }
    }
  }

  // Body sections.
  const sections = bodySections(tree, text);
  const needed = kind === "tree" ? ["What you see", "How to fix"] : kind === "reference" ? [] : SECTIONS;
  const headings = Object.keys(sections);
  for (const h of needed) if (!(h in sections)) report(base, `missing section "## ${h}"`);
  if (!ruleless(kind)) {
    const order = headings.filter((h) => SECTIONS.includes(h));
    if (order.join("|") !== SECTIONS.filter((h) => order.includes(h)).join("|")) report(base, `sections must come in the order: ${SECTIONS.join(", ")}`);
  }
  let treeNode: TreeNode | undefined;
  if (kind === "tree") {
    const parsed = parseTree(tree, text, base);
    for (const d of parsed.diagnostics) report(d.line, d.message);
    if (parsed.tree) treeNode = parsed.tree;
  }

  if (diagnostics.length > errorsBefore) return null;
  return {
    id,
    kind,
    title,
    ...(severity ? { severity } : {}),
    ...(stage ? { stage } : {}),
    summary,
    priority: priority as number,
    ...(refines ? { refines } : {}),
    related: strList("related"),
    releases: strList("releases"),
    verify: strList("verify"),
    appliesTo: strList("appliesTo"),
    // Other names a reader may search for ("cl.exe not found", "Blackwell"): search only, never matching.
    ...(strList("aliases").length ? { aliases: strList("aliases") } : {}),
    patterns,
    examples,
    sections,
    ...(treeNode ? { tree: treeNode } : {}),
    ...(factShapes ? { factShapes } : {}),
    ...(factLabels ? { factLabels } : {}),
    file,
  };
}

type LineOf = (path: (string | number)[]) => number;
type Report = (line: number, message: string) => void;

function parsePattern(raw: unknown, path: (string | number)[], lineOf: LineOf, report: Report, options: CompileOptions, kind: NoteKind): PatternSpec | null {
  const line = lineOf(path);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    report(line, `a pattern is a mapping with at least "regex"`);
    return null;
  }
  const p = raw as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!PATTERN_KEYS.has(key)) report(lineOf([...path, key]), `unknown pattern key "${key}"`);
  const flags = p.flags === undefined ? "" : String(p.flags);
  if (!/^i?$/.test(flags)) report(lineOf([...path, "flags"]), `flags may only be "i"`);
  if (p.split !== undefined && (kind !== "prefix" || p.split !== true)) report(lineOf([...path, "split"]), `"split: true" belongs on a prefix note's pattern`);
  const split = kind === "prefix" && p.split === true;
  const plan = checkRegex(p.regex, flags, lineOf([...path, "regex"]), report, kind === "prefix" && !split);
  if (plan === null) return null;
  let severity: Severity | undefined;
  if (p.severity !== undefined) {
    if (kind !== "cause" || !SEVERITIES.includes(p.severity as Severity)) report(lineOf([...path, "severity"]), `a pattern's severity must be fatal or harmless, on a cause note`);
    else severity = p.severity as Severity;
  }
  const requires: Condition[] = [];
  const flips: Flip[] = [];
  if (p.requires !== undefined) {
    if (!Array.isArray(p.requires)) report(lineOf([...path, "requires"]), `"requires" must be a list`);
    else p.requires.forEach((c, i) => {
      const cond = parseCondition(c, [...path, "requires", i], lineOf, report, options, false);
      // An "after" requirement holds the finding until its window closes (a unit of several lines).
      if (cond && cond.where === "after" && cond.within > 200) report(lineOf([...path, "requires", i]), `an "after" requirement looks at most 200 lines ahead`);
      else if (cond) requires.push(cond);
    });
  }
  if (p.flips !== undefined) {
    if (!Array.isArray(p.flips)) report(lineOf([...path, "flips"]), `"flips" must be a list`);
    else p.flips.forEach((c, i) => {
      const cond = parseCondition(c, [...path, "flips", i], lineOf, report, options, true);
      const to = (c as Record<string, unknown>)?.to;
      if (!SEVERITIES.includes(to as Severity)) report(lineOf([...path, "flips", i]), `a flip needs "to: fatal" or "to: harmless"`);
      else if (cond) flips.push({ to: to as Severity, when: cond });
    });
  }
  const set: Record<string, string> = {};
  if (p.set !== undefined) {
    if (!p.set || typeof p.set !== "object" || Array.isArray(p.set)) report(lineOf([...path, "set"]), `"set" must map fact names to strings`);
    else for (const [k, v] of Object.entries(p.set)) set[k] = String(v);
  }
  const next: { regex: string; engine: Engine; re2: string; within: number }[] = [];
  if (p.next !== undefined) {
    if (!Array.isArray(p.next)) report(lineOf([...path, "next"]), `"next" must be a list of { regex, within }`);
    else p.next.forEach((raw, i) => {
      const at = [...path, "next", i];
      const n = raw as Record<string, unknown>;
      if (!n || typeof n !== "object" || Array.isArray(n)) return report(lineOf(at), `"next" items are { regex, within }`);
      for (const key of Object.keys(n)) if (key !== "regex" && key !== "within") report(lineOf([...at, key]), `unknown key "${key}"`);
      const source = checkRegex(n.regex, "", lineOf([...at, "regex"]), report);
      const within = typeof n.within === "number" ? n.within : 1;
      if (!Number.isInteger(within) || within < 1 || within > 50) return report(lineOf(at), `"within" must be a whole number of lines from 1 to 50`);
      if (source === null) return;
      if (groupNames(source.regex).length === 0) return report(lineOf([...at, "regex"]), `a "next" regex must name the facts it carries: (?<name>...)`);
      next.push({ regex: source.regex, engine: source.engine, re2: source.re2, within });
    });
  }
  let outcome: { failed: Severity } | undefined;
  if (p.outcome !== undefined) {
    const o = p.outcome as Record<string, unknown> | null;
    if (kind !== "cause" || !o || typeof o !== "object" || Array.isArray(o) || Object.keys(o).join() !== "failed" || !SEVERITIES.includes(o.failed as Severity)) {
      report(lineOf([...path, "outcome"]), `"outcome" is { failed: fatal | harmless }, on a cause note`);
    } else outcome = { failed: o.failed as Severity };
  }
  return {
    ...plan, ...(severity ? { severity } : {}), requires, flips, set, ...(next.length ? { next } : {}),
    ...(outcome ? { outcome } : {}), ...(split ? { split: true as const } : {}),
  };
}

function parseCondition(raw: unknown, path: (string | number)[], lineOf: LineOf, report: Report, options: CompileOptions, isFlip: boolean): Condition | null {
  const line = lineOf(path);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    report(line, `a condition is a mapping: before/after/line, within`);
    return null;
  }
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!CONDITION_KEYS.has(key) || (key === "to" && !isFlip)) report(lineOf([...path, key]), `unknown condition key "${key}"`);
  const wheres = (["before", "after", "line"] as const).filter((w) => c[w] !== undefined);
  if (wheres.length !== 1) {
    report(line, `a condition has exactly one of "before", "after", "line"`);
    return null;
  }
  const where = wheres[0]!;
  const plan = checkRegex(c[where], "", lineOf([...path, where]), report);
  if (plan === null) return null;
  let within = 1;
  if (where !== "line") {
    within = typeof c.within === "number" ? c.within : NaN;
    if (!Number.isInteger(within) || within < 1 || within > 10000) {
      report(line, `"within" must be a whole number of lines from 1 to 10000`);
      return null;
    }
  }
  return { regex: plan.regex, engine: plan.engine, re2: plan.re2, where, within, not: c.not === true };
}

/**
 * A regex a note may use: it compiles, claims no empty line, names each group once, and has a safety verdict
 * (src/kb/regex-safety.ts) that says which linear engine runs it. A rejected one gets one diagnostic saying how
 * to rewrite it. `anchored`: only ever tried at the start of a line (log prefixes).
 */
function checkRegex(raw: unknown, flags: string, line: number, report: Report, anchored = false): RegexPlan | null {
  if (typeof raw !== "string" || raw.length === 0) {
    report(line, `a regex must be a non-empty string`);
    return null;
  }
  let re: RegExp;
  try {
    re = new RegExp(raw, flags);
  } catch (e) {
    report(line, `regex does not compile: ${(e as Error).message}`);
    return null;
  }
  if (re.test("")) {
    report(line, `regex matches the empty string: it would claim every line`);
    return null;
  }
  const names = groupNames(raw);
  if (new Set(names).size !== names.length) {
    report(line, `regex names a group twice`);
    return null;
  }
  const verdict = regexSafety(raw, flags, { anchored });
  if (!verdict.ok) {
    report(line, verdict.message);
    return null;
  }
  // The runtime compiles a linear-engine pattern on first use: make sure here that RE2 takes it.
  try {
    RE2JS.compile(verdict.re2);
  } catch (e) {
    report(line, `regex has no RE2 form (${(e as Error).message}); write it without that construct`);
    return null;
  }
  return { regex: raw, flags, engine: verdict.engine, re2: verdict.re2, atoms: planAtoms(raw, flags) };
}

function parseExample(raw: unknown, line: number, path: (string | number)[], lineOf: LineOf, report: Report): ExampleSpec | null {
  if (typeof raw === "string") return { line: raw, before: [], after: [], at: line };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    report(line, `an example is a string or a mapping with "line"`);
    return null;
  }
  const e = raw as Record<string, unknown>;
  for (const key of Object.keys(e)) if (!EXAMPLE_KEYS.has(key)) report(lineOf([...path, key]), `unknown example key "${key}"`);
  if (typeof e.line !== "string") {
    report(line, `an example needs "line": the line to test`);
    return null;
  }
  const list = (k: string): string[] => (Array.isArray(e[k]) ? (e[k] as unknown[]).map(String) : []);
  const facts = e.facts && typeof e.facts === "object" ? Object.fromEntries(Object.entries(e.facts).map(([k, v]) => [k, String(v)])) : undefined;
  const severity = e.severity === undefined ? undefined : (String(e.severity) as Severity);
  if (severity && !SEVERITIES.includes(severity)) report(line, `example severity must be fatal or harmless`);
  return {
    line: e.line,
    before: list("before"),
    after: list("after"),
    ...(facts ? { facts } : {}),
    ...(severity ? { severity } : {}),
    at: line,
  };
}

/** The body's `## Heading` sections as Markdown source, keyed by heading text. */
export function bodySections(tree: Root, text: string): Record<string, string> {
  const sections: Record<string, string> = {};
  const kids = tree.children.filter((c) => c.type !== "yaml");
  let current: string | null = null;
  let start = 0;
  const close = (end: number): void => {
    if (current !== null) sections[current] = text.slice(start, end).trim();
  };
  for (const node of kids) {
    if (node.type === "heading" && (node as Heading).depth === 2) {
      close(node.position!.start.offset!);
      current = headingText(node as Heading);
      start = node.position!.end.offset!;
    }
  }
  close(text.length);
  return sections;
}

export function headingText(h: Heading | RootContent): string {
  const parts: string[] = [];
  const walk = (n: { type: string; value?: string; children?: unknown[] }): void => {
    if (typeof n.value === "string") parts.push(n.value);
    for (const c of (n.children ?? []) as { type: string }[]) walk(c);
  };
  walk(h as unknown as { type: string });
  return parts.join("").trim();
}

