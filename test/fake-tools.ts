// Fake tools for end-to-end tests: small scripts in a temp folder that print the outputs recorded on the
// H200 machine (test/fixtures/probes/), or hang, or print garbage. PATH is set to that folder only.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES = new URL("./fixtures/probes/", import.meta.url).pathname;

/** A recorded output without its `$ command` header and `[exit N]` trailer. */
export function recorded(name: string): string {
  const lines = readFileSync(join(FIXTURES, name), "utf8").split("\n");
  if (lines[0]?.startsWith("$ ")) lines.shift();
  while (lines.length && (lines.at(-1) === "" || /^\[exit \d+\]$/.test(lines.at(-1)!))) lines.pop();
  return lines.join("\n") + "\n";
}

export type FakeTool = { stdout?: string; stderr?: string; code?: number } | "hang" | "garbage" | "flood" | "segv";

export function fakeToolDir(tools: Record<string, FakeTool>): string {
  const dir = mkdtempSync(join(tmpdir(), "cudafix-tools-"));
  for (const [name, t] of Object.entries(tools)) {
    const path = join(dir, name);
    let body: string;
    // A hang that forks, as real tools do: its pids go to NAME.pids, so a test can see that all of them die.
    if (t === "hang") body = `echo $$ >> "$0.pids"\n/bin/sleep 60 &\necho $! >> "$0.pids"\ntrap '' TERM INT HUP\n/bin/sleep 60\n`;
    else if (t === "garbage") body = "/usr/bin/head -c 300 /dev/urandom\n";
    else if (t === "flood") body = "/usr/bin/yes 'lots of output'\n";
    else if (t === "segv") body = "kill -SEGV $$\n";
    else {
      const out = join(dir, `${name}.stdout`);
      const err = join(dir, `${name}.stderr`);
      writeFileSync(out, t.stdout ?? "");
      writeFileSync(err, t.stderr ?? "");
      body = `/bin/cat '${out}'\n/bin/cat '${err}' >&2\nexit ${t.code ?? 0}\n`;
    }
    writeFileSync(path, `#!/bin/sh\n${body}`);
    chmodSync(path, 0o755);
  }
  return dir;
}

/** A fake python3 that answers the probe's script as torch 2.11.0+cu130 on an H200 would; torch's arch verdicts emulated. */
export function fakeTorchPython(dir: string, report: Record<string, unknown> = JSON.parse(readFileSync(join(FIXTURES, "torch-probe-h200.json"), "utf8"))): void {
  const path = join(dir, "python3");
  const accepted = ["7.5", "8.0", "8.6", "8.7", "8.9", "9.0", "10.0", "10.3", "11.0", "12.0", "12.1"];
  const script = `
const r = ${JSON.stringify(report)};
const raw = process.env.TORCH_CUDA_ARCH_LIST;
const accepted = ${JSON.stringify(accepted)};
const flags = (e) => { const b = e.replace("+PTX", ""); const n = b.replace(".", ""); return e.endsWith("+PTX") ? ["-gencode=arch=compute_" + n + ",code=sm_" + n, "-gencode=arch=compute_" + n + ",code=compute_" + n] : ["-gencode=arch=compute_" + n + ",code=sm_" + n]; };
if (raw) {
  const entries = raw.replace(/ /g, ";").split(";").filter(Boolean);
  r.archEntries = entries.map((e) => accepted.includes(e.replace("+PTX", "")) ? { entry: e, accepted: true, flags: flags(e) } : { entry: e, accepted: false, error: "ValueError: Unknown CUDA arch (" + e + ") or GPU not supported" });
  if (r.archEntries.every((e) => e.accepted)) r.archFlags = r.archEntries.flatMap((e) => e.flags);
  else r.archFlagsError = r.archEntries.find((e) => !e.accepted).error;
}
console.log(JSON.stringify(r));
`;
  writeFileSync(join(dir, "fake-python.mjs"), script);
  writeFileSync(path, `#!/bin/sh\nexec '${process.execPath}' '${join(dir, "fake-python.mjs")}'\n`);
  chmodSync(path, 0o755);
}

/** The H200 machine's tools, as recorded. */
export function h200Tools(overrides: Record<string, FakeTool> = {}): string {
  const dir = fakeToolDir({
    nvcc: { stdout: recorded("nvcc-version.txt") },
    "nvidia-smi": { stdout: recorded("nvidia-smi-query.txt") },
    gcc: { stdout: recorded("gcc-version.txt") },
    "g++": { stdout: recorded("gxx-version.txt") },
    ninja: { stdout: recorded("ninja-version.txt") },
    ldconfig: { stdout: `10 libs found in cache \`/etc/ld.so.cache'\n${recorded("ldconfig-libcuda.txt")}` },
    ...overrides,
  });
  if (!("python3" in overrides)) fakeTorchPython(dir);
  // nvcc answers --list-gpu-arch too.
  if (!("nvcc" in overrides)) {
    const archs = recorded("nvcc-list-gpu-arch.txt");
    writeFileSync(join(dir, "nvcc.archs"), archs);
    writeFileSync(join(dir, "nvcc"), `#!/bin/sh\nif [ "$1" = "--list-gpu-arch" ]; then /bin/cat '${join(dir, "nvcc.archs")}'; else /bin/cat '${join(dir, "nvcc.stdout")}'; fi\n`);
  }
  return dir;
}

export function emptyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "cudafix-project-"));
  mkdirSync(join(dir, "src"));
  return dir;
}
