// action.yml, run the way GitHub's runner runs a composite action (act is not available here): each step
// in order, `if:` evaluated, `${{ }}` expressions filled from the inputs, bash steps run with the runner's
// flags and its files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP), the action's outputs read back.
// An expression or a step shape this runner does not know fails the test rather than being skipped.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import YAML from "yaml";

const root = join(import.meta.dirname, "..");
const corpus = join(root, "test", "fixtures", "lab-h200"); // the lab corpus, vendored from ../shared/corpus

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = YAML.parse(readFileSync(join(root, "action.yml"), "utf8")) as Action;

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]!);
      out[heredoc[1]!] = body.join("\n");
      continue;
    }
    const eq = lines[i]!.indexOf("=");
    if (eq > 0) out[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1);
  }
  return out;
}

function runAction(inputs: Record<string, string>, opts: { cwd: string; path?: string }) {
  expect(action.runs.using).toBe("composite");
  for (const k of Object.keys(inputs)) expect(action.inputs, `input ${k}`).toHaveProperty(k);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) values[k] = inputs[k] ?? v.default ?? "";
  const temp = mkdtempSync(join(tmpdir(), "cudafix-runner-"));
  const summary = join(temp, "step-summary.md");
  const steps: Record<string, Record<string, string>> = {};
  const expr = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
      let m = /^inputs\.([\w-]+)$/.exec(e);
      if (m) return values[m[1]!] ?? "";
      if (e === "github.action_path") return root;
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (m) return steps[m[1]!]?.[m[2]!] ?? "";
      throw new Error(`this runner does not know the expression ${e}`);
    });
  const condition = (c: string): boolean => {
    const m = /^steps\.([\w-]+)\.outputs\.([\w-]+) (==|!=) '([^']*)'$/.exec(c.trim());
    if (!m) throw new Error(`this runner does not know the condition ${c}`);
    const v = steps[m[1]!]?.[m[2]!] ?? "";
    return m[3] === "==" ? v === m[4] : v !== m[4];
  };
  let stdout = "";
  let stderr = "";
  const used: string[] = [];
  let code = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.if && !condition(step.if)) continue;
    if (step.uses) {
      used.push(step.uses); // another action: this runner only records that it would run
      continue;
    }
    expect(step.shell, `step ${i} needs a shell`).toBe("bash");
    const outFile = join(temp, `output-${i}`);
    const script = join(temp, `step-${i}.sh`);
    writeFileSync(script, step.run!);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PATH: opts.path ?? process.env.PATH ?? "",
      NO_COLOR: "",
      FORCE_COLOR: "",
      GITHUB_ACTIONS: "true",
      GITHUB_ACTION_PATH: root,
      GITHUB_OUTPUT: outFile,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: opts.cwd,
      RUNNER_TEMP: temp,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(String(v));
    const cwd = join(opts.cwd, expr(step["working-directory"] ?? "."));
    // As GitHub runs `shell: bash`.
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env, encoding: "utf8", timeout: 120_000 });
    stdout += r.stdout;
    stderr += r.stderr;
    if (step.id) steps[step.id] = readOutputs(outFile);
    code = r.status ?? 1;
    if (code !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.outputs)) outputs[k] = expr(v.value);
  return { code, stdout, stderr, used, outputs, summary: existsSync(summary) ? readFileSync(summary, "utf8") : "" };
}

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), "cudafix-ws-"));
  mkdirSync(join(ws, "logs"));
  copyFileSync(join(corpus, "missing-glm.log"), join(ws, "logs", "build.log"));
  copyFileSync(join(corpus, "ok.log"), join(ws, "logs", "ok.log"));
  return ws;
}

describe("action.yml", () => {
  it("log: a failing build's log gets its root cause annotated, the fix in the summary, SARIF, and a failed step", () => {
    const ws = workspace();
    const r = runAction({ log: "logs/build.log", sarif: "cudafix.sarif", verify: "false", "docs-url": "https://docs.example/" }, { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.used).toEqual([]); // node was found: setup-node is not needed
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(errors[0]).toMatch(/^::error file=logs\/build\.log,line=10,title=cudafix root cause%3A .*\[missing-header\]::/);
    expect(r.summary).toMatch(/missing-header/);
    expect(r.summary).toContain("git submodule update --init --recursive");
    expect(r.outputs["root-cause"]).toBe("missing-header");
    expect(r.outputs.title).toMatch(/header/i);
    const report = JSON.parse(readFileSync(r.outputs.report!, "utf8"));
    expect(report).toMatchObject({ schema: "cudafix.report/2", rootCause: { id: "missing-header", line: 10 } });
    const sarif = JSON.parse(readFileSync(join(ws, "cudafix.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: "missing-header", level: "error" });
    expect(r.outputs.sarif).toBe("cudafix.sarif");
  });

  it("log: a succeeding build's log passes, with no error annotation and a summary that says so", () => {
    const r = runAction({ log: "logs/ok.log", verify: "false" }, { cwd: workspace() });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^::error/m);
    expect(r.summary).toMatch(/no fatal error/i);
    expect(r.outputs["root-cause"]).toBe("");
  });

  it("run: the build runs, its output shows live, and a failed build fails the step with its own code", () => {
    const ws = workspace();
    const r = runAction({ run: "cat logs/build.log; exit 3", verify: "false" }, { cwd: ws });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("fatal error: glm/glm.hpp: No such file or directory");
    expect(r.stdout).toMatch(/^::error file=.*cudafix-build\.log,line=10,title=cudafix root cause/m);
    expect(r.summary).toMatch(/^\*\*The build failed\*\* \(exit 3\)\./m);
    expect(r.outputs["build-exit-code"]).toBe("3");
    expect(r.outputs["root-cause"]).toBe("missing-header");
  });

  it("run: a succeeding build passes; fail-on never passes a failing one", () => {
    const ok = runAction({ run: "cat logs/ok.log", verify: "false", log: "saved.log" }, { cwd: workspace() });
    expect(ok.code).toBe(0);
    expect(ok.summary).toMatch(/^The build succeeded \(exit 0\)\./m);
    expect(ok.stdout).not.toMatch(/^::error/m);
    const never = runAction({ run: "cat logs/build.log; exit 1", verify: "false", "fail-on": "never" }, { cwd: workspace() });
    expect(never.code).toBe(0);
    expect(never.stdout).toMatch(/^::error .*missing-header/m);
  });

  it("with the live check on (the default), the summary holds this runner's checks", () => {
    const r = runAction({ log: "logs/build.log" }, { cwd: workspace() });
    expect(r.code).toBe(1);
    expect(r.summary).toMatch(/^### Checked on this machine$/m);
    const off = runAction({ log: "logs/build.log", verify: "false" }, { cwd: workspace() });
    expect(off.summary).not.toMatch(/^### Checked on this machine$/m);
  });

  it("says in one annotation what is wrong with its inputs", () => {
    const none = runAction({}, { cwd: workspace() });
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^::error title=cudafix::give the action a log \(a file\) or run/m);
    const missing = runAction({ log: "nope.log" }, { cwd: workspace() });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/^::error title=cudafix::no such log file: nope\.log/m);
    const bad = runAction({ log: "logs/build.log", "fail-on": "sometimes" }, { cwd: workspace() });
    expect(bad.code).toBe(2);
  });

  it("asks actions/setup-node for a Node when the runner has none", () => {
    const bin = mkdtempSync(join(tmpdir(), "cudafix-nonode-"));
    for (const d of (process.env.PATH ?? "").split(delimiter)) {
      if (!d || !existsSync(d)) continue;
      for (const n of readdirSync(d)) {
        if (n === "node" || n === "nodejs" || existsSync(join(bin, n))) continue;
        try {
          symlinkSync(join(d, n), join(bin, n));
        } catch {
          // first on PATH wins
        }
      }
    }
    const r = runAction({ log: "logs/build.log" }, { cwd: workspace(), path: bin });
    expect(r.used).toEqual(["actions/setup-node@v4"]);
  });
});
