// `cudafix site --serve [--port N]`: serves the built docs site (dist/site, `npm run site`) on 127.0.0.1
// only, for people who prefer http://localhost to file://. Read-only, no directory listings.
import type { Command } from "commander";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError, type CliDeps } from "./deps.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

export const DEFAULT_SITE_DIR = fileURLToPath(new URL("../site", import.meta.url));

/** A request handler over a site folder; exported for tests. */
export function siteServer(root: string): Server {
  const top = resolve(root);
  return createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(top, path));
    if (file !== top && !file.startsWith(top + sep)) {
      res.writeHead(403).end("forbidden\n");
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
}

export function register(program: Command, { deps, setExit }: { deps: CliDeps; setExit: (code: number) => void }): void {
  program
    .command("site")
    .description("serve the docs site and the paste-a-log page (built by npm run site) on localhost")
    .option("--serve", "serve the site over http on 127.0.0.1")
    .option("--port <n>", "port to listen on (0: any free port)", "8787")
    .option("--dir <path>", "the built site folder", DEFAULT_SITE_DIR)
    .action(async (opts: { serve?: boolean; port: string; dir: string }) => {
      if (!existsSync(join(opts.dir, "index.html"))) {
        throw new UsageError(`no built site in ${opts.dir}: run npm run site first (or open ${join(opts.dir, "index.html")} once built)`);
      }
      if (!opts.serve) {
        deps.stdout.write(`The site is built: open file://${resolve(opts.dir, "index.html")}\n(or run cudafix site --serve)\n`);
        setExit(0);
        return;
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${opts.port}`);
      const server = siteServer(opts.dir);
      await new Promise<void>((ok, fail) => {
        server.once("error", (e: NodeJS.ErrnoException) => fail(new UsageError(`cannot listen on 127.0.0.1:${port}: ${e.code ?? e.message}`)));
        server.listen(port, "127.0.0.1", () => ok());
      });
      const addr = server.address();
      const actual = typeof addr === "object" && addr ? addr.port : port;
      deps.stdout.write(`cudafix site: http://127.0.0.1:${actual}/ (paste a log: http://127.0.0.1:${actual}/paste.html); Ctrl+C stops\n`);
      // Keep running until interrupted.
      await new Promise<void>((done) => server.once("close", () => done()));
      setExit(0);
    });
}
