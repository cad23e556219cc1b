// Shared setup of the browser tests: the site built into a fresh folder, Debian's chromium driven by
// playwright-core, every request the page makes recorded.
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdtempSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compileContent } from "../../src/kb/compile.js";
import { buildSite } from "../../src/site/build.js";
import type { KnowledgeBase } from "../../src/core/types.js";

export const root = resolve(import.meta.dirname, "../..");
export const corpus = resolve(root, "test/fixtures/lab-h200");
export const screenshots = join(root, "docs/screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Harness {
  readonly kb: KnowledgeBase;
  readonly site: string;
  readonly context: BrowserContext;
  readonly profile: string;
  url(path: string): string;
  /** A fresh page; `requests` collects every URL it asks for. */
  page(): Promise<{ page: Page; requests: string[]; errors: string[] }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const compiled = compileContent(join(root, "content"));
  if (compiled.diagnostics.length) throw new Error(compiled.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join("\n"));
  const site = mkdtempSync(join(tmpdir(), "cudafix-site-"));
  await buildSite({ kb: compiled.kb, outDir: site, root });
  const profile = mkdtempSync(join(tmpdir(), "cudafix-chromium-"));
  mkdirSync(screenshots, { recursive: true });
  // A fresh profile (--user-data-dir) each run: playwright passes it for a persistent context.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  return {
    kb: compiled.kb,
    site,
    context,
    profile,
    url: (path) => pathToFileURL(join(site, path)).href,
    async page() {
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => void requests.push(r.url()));
      page.on("pageerror", (e) => void errors.push(e.message));
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      return { page, requests, errors };
    },
    async close() {
      await context.close();
      rmSync(site, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Requests that would leave the machine: anything but the site's own files and the worker's blob. */
export function network(requests: readonly string[]): string[] {
  return requests.filter((u) => !u.startsWith("file://") && !u.startsWith("blob:") && !u.startsWith("data:"));
}

/** Pastes `text` into the paste page's box as a real paste event would (clipboardData with text/plain). */
export async function pasteLog(page: Page, text: string): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.worker === "ready");
  await page.evaluate((t) => {
    document.body.dataset.state = "";
    const dt = new DataTransfer();
    dt.setData("text/plain", t);
    const box = document.getElementById("paste") as HTMLTextAreaElement;
    box.value = "";
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(() => document.body.dataset.state === "done" || document.body.dataset.state === "error");
}
