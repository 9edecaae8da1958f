// A static file server for the built console: serves a folder on 127.0.0.1 with the
// right content types (application/wasm for .wasm, which WebAssembly streaming needs)
// and the security headers that only a server can send (SECURITY_HEADERS: a <meta>
// Content-Security-Policy cannot say frame-ancestors). Prints
// "serving DIR on http://127.0.0.1:PORT/" once listening.
//
// Usage: node serve.mjs DIR [PORT]   (PORT 0 or absent: a free port)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const root = resolve(process.argv[2] ?? "dist");
const port = Number(process.argv[3] ?? 0);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

// Sent with every answer, errors included. web/README.md lists the same for other hosts.
export const SECURITY_HEADERS = {
  // No other site may frame the console (clickjacking a rotation). Browsers ignore
  // frame-ancestors in a <meta> policy, so it must come from the server; this header
  // policy adds to the page's own <meta> policy, it does not replace it.
  "content-security-policy": "frame-ancestors 'none'",
  // The same for browsers without CSP level 2.
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  // The console's URL (#/keys/<ARN>) is nobody else's business.
  "referrer-policy": "no-referrer",
};

const server = createServer(async (request, response) => {
  try {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403, SECURITY_HEADERS).end();
      return;
    }
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  } catch {
    response.writeHead(404, { ...SECURITY_HEADERS, "content-type": "text/plain" }).end("not found");
  }
});
server.listen(port, "127.0.0.1", () => {
  console.log(`serving ${root} on http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
