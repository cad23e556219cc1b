// `cudafix site --serve [--port N]`: serves the built docs site (dist/site, `npm run site`) on 127.0.0.1
// only, for people who prefer http://localhost to file://. Read-only, no directory listings.
import type { Command } from "commander";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
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

/** The pages' Content-Security-Policy (src/site/pages.ts, a test keeps them equal), plus what only a header can say. */
export const SITE_CSP =
  "default-src 'none'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** Sent with every response, errors included. */
const HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": `${SITE_CSP}; frame-ancestors 'none'`,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/**
 * A request handler over a site folder; exported for tests. Answers only requests addressed to
 * 127.0.0.1:PORT or localhost:PORT (a page on another name that resolves here, DNS rebinding, gets 421),
 * serves only regular files whose real path is inside the folder (no link leads out), and never echoes
 * the request in an answer.
 */
export function siteServer(root: string): Server {
  const top = resolve(root);
  let realTop: string;
  try {
    realTop = realpathSync(top);
  } catch {
    realTop = top;
  }
  const server = createServer((req, res) => {
    const fail = (status: number, text: string, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { ...HEADERS, "content-type": "text/plain; charset=utf-8", ...extra }).end(req.method === "HEAD" ? undefined : text);
    };
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : null;
    const host = (req.headers.host ?? "").toLowerCase();
    if (port === null || (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)) {
      fail(421, "this server answers only http://127.0.0.1:PORT/ and http://localhost:PORT/\n");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      fail(400, "bad request\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      fail(405, "method not allowed\n", { allow: "GET, HEAD" });
      return;
    }
    if (path.includes("\0")) {
      fail(400, "bad request\n");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(top, path));
    if (file !== top && !file.startsWith(top + sep)) {
      fail(403, "forbidden\n");
      return;
    }
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      fail(404, "not found\n");
      return;
    }
    if (!real.startsWith(realTop + sep)) {
      fail(403, "forbidden\n");
      return;
    }
    let body: Buffer;
    try {
      if (!statSync(real).isFile()) throw new Error("not a file");
      body = readFileSync(real);
    } catch {
      fail(404, "not found\n");
      return;
    }
    res.writeHead(200, { ...HEADERS, "content-type": TYPES[extname(real)] ?? "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return server;
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
