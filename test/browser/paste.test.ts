// The paste-a-log page in Chromium from file://: every labelled log of the lab corpus shows its root
// cause, findings jump to their lines and back, a hostile log stays text, no request leaves the page,
// and a 100 MB log is answered in under 6 s while the page keeps drawing frames.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../../src/core/analyze.js";
import { startHarness, network, pasteLog, screenshots, corpus, type Harness } from "./harness.js";

interface Label {
  case: string;
  root_cause: string;
}

let hx: Harness;
beforeAll(async () => {
  hx = await startHarness();
});
afterAll(async () => hx?.close());

const labels: Label[] = existsSync(join(corpus, "labels.jsonl"))
  ? readFileSync(join(corpus, "labels.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Label)
  : [];

describe("the lab corpus, pasted", () => {
  it("has logs to paste", () => {
    expect(labels.length).toBeGreaterThan(10);
    expect(readdirSync(corpus).filter((f) => f.endsWith(".log")).length).toBe(labels.length);
  });

  it("shows each log's labelled root cause, the same as the CLI's engine", async () => {
    const engine = new Engine(hx.kb);
    const { page, requests, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    const wrong: string[] = [];
    for (const label of labels) {
      const text = readFileSync(join(corpus, `${label.case}.log`), "utf8");
      await pasteLog(page, text);
      const shown = await page.$eval("#root-cause", (h) => (h as HTMLElement).dataset.root || "none");
      const want = label.root_cause === "harmless-only" ? "none" : label.root_cause;
      const cli = engine.analyze(text).rootCause?.id ?? "none";
      if (shown !== want || shown !== cli) wrong.push(`${label.case}: page ${shown}, label ${want}, engine ${cli}`);
      if (label.case === "gcc-too-new") await page.screenshot({ path: join(screenshots, "paste.png") });
    }
    expect(wrong).toEqual([]);
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("the paste page", () => {
  it("jumps from a finding to its line, and from the marked line back to the finding", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, readFileSync(join(corpus, "missing-glm.log"), "utf8"));
    const items = await page.$$eval(".finding", (ls) => ls.map((l) => Number((l as HTMLElement).dataset.line)));
    expect(items.length).toBeGreaterThan(0);
    const line = items[items.length - 1]!;
    await page.click(`#f-${line} button.linelink`);
    const row = page.locator(`#L${line}`);
    await row.waitFor();
    expect(await row.getAttribute("class")).toMatch(/\bactive\b/);
    expect(await row.getAttribute("class")).toMatch(/\bmarked\b/);
    expect(await row.isVisible()).toBe(true);
    // The root cause's own line button too.
    const rootLine = await page.$eval("#answer button.linelink", (b) => Number((b as HTMLElement).dataset.line));
    await page.click("#answer button.linelink");
    expect(await page.getAttribute(`#L${rootLine}`, "class")).toMatch(/\bactive\b/);
    // Back: clicking the marked line focuses its finding.
    await page.click(`#L${rootLine}`);
    expect(await page.evaluate(() => document.activeElement?.closest(".finding")?.id)).toBe(`f-${rootLine}`);
  });

  it("shows a hostile log as text and runs none of it", async () => {
    const { page, requests, errors } = await hx.page();
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(hx.url("paste.html"));
    const hostile = [
      "running build_ext",
      `<script>window.__pwned = 1; alert(1)</script>`,
      `<img src=x onerror="window.__pwned = 2; alert(2)">`,
      `nvcc fatal   : Unsupported gpu architecture 'compute_35<img src=http://example.com/x.png onerror=alert(3)>'`,
      `error: <svg onload=alert(4)> {{constructor.constructor('alert(5)')()}}`,
      "</pre><iframe src=https://example.com></iframe>",
    ].join("\n");
    await pasteLog(page, hostile);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(await page.$$eval("#result img, #result script, #result iframe, #result svg[onload]", (e) => e.length)).toBe(0);
    expect(await page.textContent("#L2 .txt")).toBe(`<script>window.__pwned = 1; alert(1)</script>`);
    expect(await page.textContent("#L3 .txt")).toBe(`<img src=x onerror="window.__pwned = 2; alert(2)">`);
    expect(await page.textContent("#L4 .txt")).toContain("<img src=http://example.com/x.png");
    expect(await page.textContent("#findings")).toContain("<svg onload=alert(4)>");
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("fills a log's facts into How to fix only when safe, quoted for the block's shell (the one fill)", async () => {
    const { page, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, "ImportError: /x/ext.so: undefined symbol: _ZN3c10$(echo>PWNED)\n");
    const hostile = await page.$eval("#answer", (a) => Array.from(a.querySelectorAll("pre code")).map((c) => c.textContent ?? "").join("\n"));
    expect(hostile).toContain("echo '<symbol>' | c++filt");
    expect(hostile).not.toContain("PWNED");
    await pasteLog(page, "ImportError: /x/ext.so: undefined symbol: _ZN3c104cuda9SetDeviceEi\n");
    const ok = await page.$eval("#answer", (a) => Array.from(a.querySelectorAll("pre code")).map((c) => c.textContent ?? "").join("\n"));
    expect(ok).toContain("echo '_ZN3c104cuda9SetDeviceEi' | c++filt");
    expect(errors).toEqual([]);
  });

  it("verifies against pasted nvcc, nvidia-smi and torch output", async () => {
    const { page, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, readFileSync(join(corpus, "arch-80-only.run.log"), "utf8"));
    await page.click("#probes summary");
    await page.fill('textarea[data-probe="nvcc"]', "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 13.0, V13.0.88\n");
    await page.fill('textarea[data-probe="smi"]', "NVIDIA H200, 9.0, 580.159.04\n");
    await page.fill('textarea[data-probe="torch"]', "2.11.0+cu130 13.0 ['sm_75', 'sm_80', 'sm_86', 'sm_90', 'sm_100', 'sm_120'] (9, 0)\n");
    const read = await page.textContent("#verify");
    expect(read).toContain("nvcc=13.0");
    expect(read).toContain("gpuCaps=9.0");
    expect(read).toContain("torch=2.11.0+cu130");
    await page.locator("#probes").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, "paste-verify.png") });
    expect(errors).toEqual([]);
  });

  it("answers a 100 MB log dropped on the page in under 6 s, no main-thread task over 200 ms, with progress", { timeout: 120_000 }, async () => {
    const { page, requests, errors } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await page.waitForFunction(() => document.body.dataset.worker === "ready");
    const filler = ["ok.log", "pip-verbose-ok.log", "missing-glm.log"].map((f) => readFileSync(join(corpus, f), "utf8").replace(/^.*fatal error.*$/gm, "note: fine"));
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 100 * 1024 * 1024; i++) {
      const p = filler[i % 2]!;
      parts.push(p);
      size += p.length;
    }
    const tail = readFileSync(join(corpus, "arch-unknown.log"), "utf8");
    const dir = mkdtempSync(join(tmpdir(), "cudafix-big-"));
    const path = join(dir, "huge.log");
    writeFileSync(path, parts.join("") + tail);
    parts.length = 0;
    const bytes = statSync(path).size;
    expect(bytes).toBeGreaterThan(100 * 1024 * 1024);
    // Watch the main thread: long tasks, the gaps between animation frames, the progress bar.
    await page.evaluate(() => {
      const w = window as unknown as { __gaps: [number, number][]; __long: number[]; __t0: number; __t1: number; __progress: number[] };
      w.__gaps = [];
      w.__long = [];
      w.__progress = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: "longtask", buffered: false });
      document.getElementById("file")!.addEventListener("change", (ev) => (w.__t0 = ev.timeStamp), { capture: true });
      const bar = document.getElementById("progress") as HTMLProgressElement;
      new MutationObserver(() => {
        if (!bar.hidden) w.__progress.push(bar.value);
        if (document.body.dataset.state === "done" && !w.__t1) w.__t1 = performance.now();
      }).observe(document.body, { attributes: true, subtree: true, childList: true, characterData: true });
      let last = performance.now();
      const tick = (now: number): void => {
        w.__gaps.push([now, now - last]);
        last = now;
        if (!w.__t1) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // A drop and a pick hand the page the same File; the worker streams it.
    await page.setInputFiles("#file", path);
    await page.waitForFunction(() => document.body.dataset.state === "done", null, { timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    const m = await page.evaluate(() => {
      const w = window as unknown as { __gaps: [number, number][]; __long: number[]; __t0: number; __t1: number; __progress: number[] };
      const during = w.__gaps.filter(([at, gap]) => at - gap >= w.__t0).map(([, gap]) => gap);
      return {
        timing: document.body.dataset.timing, ms: w.__t1 - w.__t0, maxGap: Math.max(0, ...during), frames: during.length,
        longest: Math.max(0, ...w.__long), progress: [...new Set(w.__progress)].length,
        root: document.getElementById("root-cause")?.dataset.root, status: document.getElementById("status")?.textContent ?? "",
      };
    });
    console.log(`100 MB log (${bytes} bytes): answered in ${m.ms.toFixed(0)} ms; ${m.frames} frames, longest frame gap ${m.maxGap.toFixed(0)} ms, longest main-thread task ${m.longest.toFixed(0)} ms; ${m.progress} progress values (${m.timing}); status: ${m.status}`);
    expect(m.root).toBe("unknown-cuda-arch");
    expect(m.ms).toBeLessThan(6000);
    expect(m.longest).toBeLessThan(200);
    expect(m.maxGap).toBeLessThan(250);
    expect(m.progress).toBeGreaterThan(2);
    // The status line says the real wait (from the pick), not less.
    const shown = Number(/in ([\d.]+) s/.exec(m.status)?.[1] ?? "0") * 1000;
    expect(shown).toBeGreaterThanOrEqual(m.ms - 100);
    // The log view holds only the rows on screen, and the last line is reachable.
    expect(await page.$$eval("#log .row", (r) => r.length)).toBeLessThan(200);
    const lines = await page.$eval("#log .spacer", (s) => (s as HTMLElement).getBoundingClientRect().height / 18);
    expect(lines).toBeGreaterThan(1_000_000);
    await page.screenshot({ path: join(screenshots, "paste-100mb.png") });
    expect(network(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("reads a dropped file and dropped text", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await page.waitForFunction(() => document.body.dataset.worker === "ready");
    const drop = async (kind: "file" | "text"): Promise<string | undefined> => {
      await page.evaluate((k) => {
        document.body.dataset.state = "";
        const dt = new DataTransfer();
        const line = "nvcc fatal   : Unsupported gpu architecture 'compute_35'\n";
        if (k === "file") dt.items.add(new File([line], "dropped.log", { type: "text/plain" }));
        else dt.setData("text/plain", line);
        document.getElementById("drop")!.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, kind);
      await page.waitForFunction(() => document.body.dataset.state === "done");
      return page.$eval("#root-cause", (h) => (h as HTMLElement).dataset.root);
    };
    expect(await drop("file")).toBe("nvcc-unsupported-arch");
    expect(await page.textContent("#status")).toContain("dropped.log");
    expect(await drop("text")).toBe("nvcc-unsupported-arch");
  });

  it("with nothing pasted about the machine, says which facts a check needs and gives no decision", async () => {
    const { page } = await hx.page();
    await page.goto(hx.url("paste.html"));
    await pasteLog(page, readFileSync(join(corpus, "gcc-too-new.log"), "utf8"));
    const text = await page.textContent("#answer");
    expect(text).not.toContain("Install torch into that Python first");
    expect(await page.$$eval("#decision *", (e) => e.length)).toBe(0);
    expect(await page.textContent("#needs")).toMatch(/needs/);
    expect(await page.$$eval("#answer .md.fix pre", (p) => p.length)).toBeGreaterThan(0);
  });
});
