// A small static server for the reply composer: the page from this folder
// and the WebAssembly package under /pkg/. It listens on the loopback
// address only.
//
//   node examples/web/serve.mjs [--port 8080] [--pkg target/web/pkg]

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const PAGE = fileURLToPath(new URL(".", import.meta.url));
const DEFAULT_PKG = fileURLToPath(new URL("../../target/web/pkg", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};

/** Starts the server; resolves to it once it listens (port 0 picks a free port). */
export function serve({ port = 8080, pkg = DEFAULT_PKG } = {}) {
  const server = createServer(async (request, response) => {
    const file = locate(new URL(request.url, "http://localhost").pathname, resolve(pkg));
    const body = file && (await readFile(file).catch(() => null));
    if (!body) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(body);
  });
  return new Promise((done) => server.listen(port, "127.0.0.1", () => done(server)));
}

/** The file a URL path names, or null when it would leave the served folders. */
function locate(path, pkg) {
  const [root, rest] = path.startsWith("/pkg/") ? [pkg, path.slice(5)] : [PAGE, path.slice(1) || "index.html"];
  const file = resolve(join(root, decodeURIComponent(rest)));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: "string" }, pkg: { type: "string" } } });
  const server = await serve({ port: Number(values.port ?? 8080), pkg: values.pkg });
  console.log(`The reply composer is at http://127.0.0.1:${server.address().port}/`);
}
