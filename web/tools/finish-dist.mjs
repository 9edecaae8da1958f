// Finishes Trunk's dist/ for a strict Content-Security-Policy, then reports sizes.
//
// Trunk 0.21 writes its wasm loader as an inline <script type="module"> into index.html;
// a CSP without 'unsafe-inline' would block it. This moves it into its own file, named
// by its hash and loaded with Subresource Integrity, so that script-src 'self' covers it.
// It then refuses a page with any inline script, inline event handler or style
// attribute left, and prints the gzip size of everything the page loads.
//
// Usage: node web/tools/finish-dist.mjs dist
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");

const inline = /<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi;
let moved = 0;
html = html.replace(inline, (whole, attributes, body) => {
  if (!body.trim()) return whole;
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  const name = `loader-${hash}.js`;
  writeFileSync(join(dist, name), body);
  const integrity = "sha384-" + createHash("sha384").update(body).digest("base64");
  moved += 1;
  const type = /type=["']?module/i.test(attributes) ? ' type="module"' : "";
  return `<script${type} src="./${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
});
writeFileSync(indexPath, html);

const problems = [];
if (/<script(?![^>]*\bsrc=)[^>]*>\s*\S/i.test(html)) problems.push("an inline <script> is left");
if (/\son[a-z]+\s*=/i.test(html)) problems.push("an inline event handler attribute is left");
if (/\sstyle\s*=/i.test(html)) problems.push("a style attribute is left");
if (/<style[\s>]/i.test(html)) problems.push("an inline <style> is left");
if (/(src|href)=["']?(https?:)?\/\//i.test(html)) problems.push("a third-party resource is referenced");
if (problems.length) {
  console.error(`finish-dist: ${indexPath}: ${problems.join("; ")}`);
  process.exit(1);
}

// Everything the page loads: the files in dist/ (the page references all of them).
const rows = [];
for (const name of readdirSync(dist).sort()) {
  const path = join(dist, name);
  if (!statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  rows.push([name, bytes.length, gzipSync(bytes, { level: 9 }).length]);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KiB";
console.log(`finish-dist: moved ${moved} inline loader script(s) to files`);
console.log("file".padEnd(48) + "raw".padStart(12) + "gzip -9".padStart(12));
for (const [name, raw, gz] of rows) console.log(name.padEnd(48) + kb(raw) + kb(gz));
const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2]], [0, 0]);
console.log("total".padEnd(48) + kb(total[0]) + kb(total[1]));
