// Finishes Trunk's dist/ for a strict Content-Security-Policy, then reports sizes.
//
// Trunk 0.21 writes its wasm loader as an inline <script type="module"> into index.html;
// a CSP without 'unsafe-inline' would block it. This moves it into its own file, named
// by its hash and loaded with Subresource Integrity, so that script-src 'self' covers it.
// It then refuses a page with any inline script, inline event handler or style
// attribute left, and prints the gzip size of everything the page loads.
//
// --connect-src=ORIGINS (scripts/build-console.sh passes KMS_CONSOLE_CONNECT_SRC) adds
// space-separated origins, http(s)://host[:port] (host may start with *., port may be
// *), to the connect-src directive of the page's CSP, so that the console may call a
// KMS endpoint that is neither AWS nor loopback. Each is checked first; a bad one fails
// the build with what is wrong. --check-connect-src=ORIGINS only checks them.
//
// Usage: node web/tools/finish-dist.mjs dist [--connect-src=ORIGINS]
//        node web/tools/finish-dist.mjs --check-connect-src=ORIGINS
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const EXAMPLE = "https://kms-proxy.corp.example:8443";

/** What is wrong with one origin of KMS_CONSOLE_CONNECT_SRC, or null if it is valid. */
export function originProblem(origin) {
  if (/['"]/.test(origin)) {
    return "contains a quote: write origins bare, like https://kms-proxy.corp.example:8443 (keywords such as 'self' are in index.html already)";
  }
  if (origin.includes(";")) {
    return "contains ';', which would end the connect-src directive: separate origins with spaces";
  }
  if (origin.includes(",")) {
    return "contains ',', which would split the policy in two: separate origins with spaces";
  }
  if (/[^\x21-\x7e]/.test(origin)) {
    return "contains a control or non-ASCII character: write an internationalized host name in its ASCII form (xn--...)";
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(origin);
  if (!scheme) {
    // "a.example", "kms-proxy:8443", "https:/a.example", "//a.example": suggest the host.
    const host = origin.replace(/^[A-Za-z][A-Za-z0-9+.-]*:(?![0-9*])/, "").replace(/^\/+/, "");
    return `has no http:// or https:// in front: write it as an origin, like https://${host || "kms-proxy.corp.example:8443"}`;
  }
  if (!/^https?$/i.test(scheme[1])) {
    return `has the scheme ${scheme[1]}:, but the console calls KMS over http:// or https:// only: write https://host[:port]`;
  }
  const rest = origin.slice(scheme[0].length);
  const authority = rest.split("/")[0];
  const path = rest.slice(authority.length);
  const origin_only = `${scheme[1].toLowerCase()}://${authority.replace(/^.*@/, "")}`;
  if (/[?#]/.test(rest)) return `has a query or fragment: give the origin only, like ${origin_only.replace(/[?#].*/, "")}`;
  if (authority.includes("@")) return `has a user name or password: give the origin only, like ${origin_only}`;
  if (path !== "" && path !== "/") {
    return `has a path (${path}): connect-src takes the origin only, like ${origin_only}; the endpoint URL typed at sign-in keeps its path`;
  }
  if (authority.startsWith("[")) {
    return "has an IPv6 address, which no Content-Security-Policy can name (browsers accept only letters, digits, '-' and '.' in a host): reach the endpoint by a host name and give that";
  }
  const [host, port, ...more] = authority.split(":");
  if (more.length) return "has more than one ':' after the host: write host:port";
  if (host === "") return `has no host: write it like ${EXAMPLE}`;
  if (host === "*") {
    return "allows every host (*): name the endpoint's host, or a domain's hosts with *.domain";
  }
  const name = host.startsWith("*.") ? host.slice(2) : host;
  if (name.includes("*")) {
    return "has '*' inside the host: a wildcard may only start it, as in *.corp.example";
  }
  if (name.split(".").some((label) => label === "")) {
    return "has an empty label in the host (a leading, trailing or doubled '.'): remove the extra '.'";
  }
  if (!/^[A-Za-z0-9.-]+$/.test(name)) {
    return "has a character browsers do not accept in a Content-Security-Policy host (only letters, digits, '-' and '.'; no '_'): use a host name without it";
  }
  if (port !== undefined && port !== "*") {
    if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return `has the port '${port}': give a number from 1 to 65535, or * for any port`;
    }
  }
  return null;
}

/**
 * The origins of a KMS_CONSOLE_CONNECT_SRC value, checked and written the canonical way
 * (lower-case scheme and host, no trailing /, each once). Throws an Error naming every
 * bad one, what is wrong with it and what to do.
 */
export function parseConnectSrc(value) {
  const origins = [];
  const problems = [];
  for (const origin of (value ?? "").split(/\s+/).filter(Boolean)) {
    const problem = originProblem(origin);
    if (problem) {
      problems.push(`  ${JSON.stringify(origin)} ${problem}`);
      continue;
    }
    const canonical = origin.replace(/\/$/, "").toLowerCase();
    if (!origins.includes(canonical)) origins.push(canonical);
  }
  if (problems.length) {
    throw new Error(
      `KMS_CONSOLE_CONNECT_SRC has ${problems.length === 1 ? "a bad origin" : `${problems.length} bad origins`}:\n` +
        problems.join("\n") +
        `\nSet it to space-separated origins, http(s)://host[:port] (host may start with *., port may be *), ` +
        `like KMS_CONSOLE_CONNECT_SRC='${EXAMPLE} https://*.kms.corp.example', or unset it.`,
    );
  }
  return origins;
}

/**
 * `html` with `origins` added to the connect-src directive of every CSP meta tag;
 * returns { html, added, present }. Throws if there is no CSP meta tag or it has no
 * connect-src directive.
 */
export function addConnectSrc(html, origins) {
  const added = new Set();
  const present = new Set();
  let tags = 0;
  const meta = /<meta\b[^>]*>/gi;
  const isCsp = /\bhttp-equiv\s*=\s*(["']?)content-security-policy\1(?=[\s/>])/i;
  const content = /(\bcontent\s*=\s*)(?:"([^"]*)"|'([^']*)')/i;
  const out = html.replace(meta, (tag) => {
    if (!isCsp.test(tag)) return tag;
    tags += 1;
    const found = content.exec(tag);
    if (!found) {
      throw new Error("the Content-Security-Policy meta tag of index.html has no quoted content attribute: fix the tag in index.html");
    }
    const quote = found[2] !== undefined ? '"' : "'";
    const policy = found[2] ?? found[3];
    let seen = false;
    const directives = policy.split(";").map((directive) => {
      const tokens = directive.trim().split(/\s+/).filter(Boolean);
      if (seen || tokens[0]?.toLowerCase() !== "connect-src") return directive;
      seen = true;
      const sources = tokens.slice(1).map((s) => s.replace(/\/$/, "").toLowerCase());
      const extra = origins.filter((o) => {
        const have = sources.includes(o);
        (have ? present : added).add(o);
        return !have;
      });
      return extra.length ? `${directive.replace(/\s+$/, "")} ${extra.join(" ")}${directive.match(/\s*$/)[0]}` : directive;
    });
    if (!seen) {
      throw new Error(
        "the Content-Security-Policy of index.html has no connect-src directive to add KMS_CONSOLE_CONNECT_SRC to: add one to index.html (connect-src 'self' ...) or unset KMS_CONSOLE_CONNECT_SRC",
      );
    }
    const start = found.index + found[1].length;
    return tag.slice(0, start) + quote + directives.join(";") + quote + tag.slice(found.index + found[0].length);
  });
  if (tags === 0) {
    throw new Error(
      "KMS_CONSOLE_CONNECT_SRC is set, but index.html has no <meta http-equiv=\"Content-Security-Policy\"> tag to add it to (without one, every endpoint is allowed already): restore the tag in index.html or unset KMS_CONSOLE_CONNECT_SRC",
    );
  }
  for (const o of added) present.delete(o);
  return { html: out, added: [...added], present: [...present] };
}

/** Fails the process with `error`'s message, prefixed. */
function fail(error) {
  console.error(`finish-dist: ${error.message}`);
  process.exit(1);
}

function main() {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: { "connect-src": { type: "string" }, "check-connect-src": { type: "string" } },
    });
  } catch (error) {
    fail(new Error(`${error.message}; usage: node finish-dist.mjs DIST [--connect-src=ORIGINS] | --check-connect-src=ORIGINS`));
  }
  if (args.values["check-connect-src"] !== undefined) {
    try {
      const origins = parseConnectSrc(args.values["check-connect-src"]);
      if (origins.length) console.error(`finish-dist: KMS_CONSOLE_CONNECT_SRC is valid: ${origins.join(" ")}`);
    } catch (error) {
      fail(error);
    }
    return;
  }
  finish(args.positionals[0] ?? "dist", args.values["connect-src"] ?? "");
}

function finish(dist, connectSrc) {
  const indexPath = join(dist, "index.html");
  let html = readFileSync(indexPath, "utf8");

  // KMS_CONSOLE_CONNECT_SRC: more origins the console may call.
  let connectReport = "finish-dist: connect-src as in index.html (KMS_CONSOLE_CONNECT_SRC is not set)";
  try {
    const origins = parseConnectSrc(connectSrc);
    if (origins.length) {
      const result = addConnectSrc(html, origins);
      html = result.html;
      connectReport = `finish-dist: connect-src: added ${result.added.join(" ") || "nothing"} (KMS_CONSOLE_CONNECT_SRC)`;
      if (result.present.length) connectReport += `; already allowed: ${result.present.join(" ")}`;
    }
  } catch (error) {
    fail(new Error(`${indexPath}: ${error.message}`));
  }

  const inline = /<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi;
  let moved = 0;
  html = html.replace(inline, (whole, attributes, body) => {
    if (!body.trim()) return whole;
    body = fetchWasmWithIntegrity(html, body);
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
    const name = `loader-${hash}.js`;
    writeFileSync(join(dist, name), body);
    const integrity = "sha384-" + createHash("sha384").update(body).digest("base64");
    moved += 1;
    const type = /type=["']?module/i.test(attributes) ? ' type="module"' : "";
    return `<script${type} src="./${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
  });
  html = dropWasmPreload(html);
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
  console.log(connectReport);
  console.log("file".padEnd(48) + "raw".padStart(12) + "gzip -9".padStart(12));
  for (const [name, raw, gz] of rows) console.log(name.padEnd(48) + kb(raw) + kb(gz));
  const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2]], [0, 0]);
  console.log("total".padEnd(48) + kb(total[0]) + kb(total[1]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();

/**
 * Trunk preloads the wasm with an `integrity` attribute, which Chromium ignores on
 * `as="fetch"` preloads (and warns about on every load), and its loader fetches the
 * wasm by path with no integrity at all. The loader is made to fetch the wasm with
 * that integrity, so the wasm is checked against its hash; the preload goes (the
 * module loader starts that fetch at once anyway).
 */
export function fetchWasmWithIntegrity(html, body) {
  const preload = html.match(/<link rel="preload" href="([^"]+\.wasm)"[^>]*\bintegrity="([^"]+)"/);
  if (!preload) return body;
  const [, href, integrity] = preload;
  const byPath = `module_or_path: '${href}'`;
  if (!body.includes(byPath)) return body;
  return body.replace(byPath, `module_or_path: fetch('${href}', { integrity: '${integrity}' })`);
}

/** The `<link rel="preload">` of the wasm, removed (see fetchWasmWithIntegrity). */
export function dropWasmPreload(html) {
  return html.replace(/<link rel="preload" href="[^"]+\.wasm"[^>]*>\s*/g, "");
}
