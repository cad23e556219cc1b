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

/** The tools in `<tmp>/bin` (returned: put it on PATH), so that torch's rule finds `<tmp>` as the CUDA home. */
export function fakeToolDir(tools: Record<string, FakeTool>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "cudafix-tools-")), "bin");
  mkdirSync(dir);
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
  // torch 2.11's own list (torch-cuda-facts §2.2; torch-info.txt: 9.0a, 10.0a, 6.1, 5.0 accepted; 10.1, 13.5, every "f" rejected).
  const accepted = ["3.5", "3.7", "5.0", "5.2", "5.3", "6.0", "6.1", "6.2", "7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0", "9.0a", "10.0", "10.0a", "11.0", "11.0a", "10.3", "10.3a", "12.0", "12.0a", "12.1", "12.1a"];
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
  // nvcc answers --list-gpu-arch, --list-gpu-code and --dryrun as nvcc 13.0 did on the H200.
  if (!("nvcc" in overrides)) fakeNvcc(dir, recorded("nvcc-version.txt"), recorded("nvcc-list-gpu-arch.txt"), recorded("nvcc-list-gpu-code.txt"));
  return dir;
}

export function emptyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "cudafix-project-"));
  mkdirSync(join(dir, "src"));
  return dir;
}

/**
 * A fake nvcc: `--version`, `--list-gpu-arch`, `--list-gpu-code` print the given outputs; `--dryrun -gencode
 * arch=compute_X,code=sm_X` accepts what nvcc 13.0 accepted on the H200: a listed arch, its `a` variant from
 * 90 on and its `f` variant from 100 on (sm_90a yes, sm_90f no, sm_100f yes), and rejects the rest.
 */
export function fakeNvcc(dir: string, version: string, archs: string, codes: string, name = "nvcc"): void {
  writeFileSync(join(dir, `${name}.version`), version);
  writeFileSync(join(dir, `${name}.archs`), archs);
  writeFileSync(join(dir, `${name}.codes`), codes);
  const listed = [...archs.matchAll(/compute_(\d+)/g)].map((m) => m[1]).join(" ");
  writeFileSync(join(dir, name), `#!/bin/sh
case "$1" in
  --list-gpu-arch) exec /bin/cat '${join(dir, `${name}.archs`)}' ;;
  --list-gpu-code) exec /bin/cat '${join(dir, `${name}.codes`)}' ;;
  --dryrun)
    g="$3"; a="\${g#arch=compute_}"; a="\${a%%,*}"; n="\${a%[af]}"; v="\${a#"$n"}"
    for l in ${listed}; do
      if [ "$l" = "$n" ]; then
        if [ -z "$v" ] || { [ "$v" = a ] && [ "$n" -ge 90 ]; } || { [ "$v" = f ] && [ "$n" -ge 100 ]; }; then exit 0; fi
      fi
    done
    echo "nvcc fatal   : Unsupported gpu architecture 'compute_$a'" >&2; exit 1 ;;
  *) exec /bin/cat '${join(dir, `${name}.version`)}' ;;
esac
`);
  chmodSync(join(dir, name), 0o755);
}
