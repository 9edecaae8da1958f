// Tests of finish-dist.mjs's KMS_CONSOLE_CONNECT_SRC handling: the origin checks, the
// edit of the CSP meta tag, and the command line as scripts/build-console.sh runs it.
// Run: node --test web/tools/finish-dist.test.mjs (scripts/test.sh does).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { addConnectSrc, dropWasmPreload, fetchWasmWithIntegrity, originProblem, parseConnectSrc } from "./finish-dist.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const INDEX = readFileSync(join(here, "..", "..", "index.html"), "utf8");
const cspOf = (html) => /content="([^"]*)"/.exec(html.match(/<meta[^>]*Content-Security-Policy[^>]*>/i)[0])[1];
const connectSrcOf = (html) => cspOf(html).split(";").map((d) => d.trim()).find((d) => d.startsWith("connect-src"));

test("valid origins are accepted and written the canonical way", () => {
  const cases = [
    ["", []],
    ["   \n\t ", []],
    ["https://kms-proxy.corp.example:8443", ["https://kms-proxy.corp.example:8443"]],
    ["HTTPS://KMS-Proxy.Corp.Example:8443/", ["https://kms-proxy.corp.example:8443"]],
    ["http://10.255.255.1:4599", ["http://10.255.255.1:4599"]],
    ["https://*.kms.corp.example", ["https://*.kms.corp.example"]],
    ["http://kms.internal:*", ["http://kms.internal:*"]],
    ["https://a.example:65535 https://a.example:1", ["https://a.example:65535", "https://a.example:1"]],
    [" https://a.example\thttps://b.example\nhttps://a.example/ ", ["https://a.example", "https://b.example"]],
  ];
  for (const [value, origins] of cases) {
    assert.deepEqual(parseConnectSrc(value), origins, JSON.stringify(value));
  }
  assert.deepEqual(parseConnectSrc(undefined), []);
});

test("each bad origin is refused with what is wrong and what to write", () => {
  // [origin, what the message must say]
  const cases = [
    ["kms-proxy.corp.example:8443", /no http:\/\/ or https:\/\/ in front.*like https:\/\/kms-proxy\.corp\.example:8443/],
    ["//kms.example", /no http:\/\/ or https:\/\/ in front.*like https:\/\/kms\.example$/],
    ["ftp://kms.example", /scheme ftp:.*http:\/\/ or https:\/\/ only/],
    ["wss://kms.example", /scheme wss:/],
    ["https://kms.example/kms", /a path \(\/kms\).*origin only, like https:\/\/kms\.example;/],
    ["https://kms.example/kms/", /a path \(\/kms\/\)/],
    ["https://kms.example?x=1", /query or fragment.*like https:\/\/kms\.example$/],
    ["https://kms.example#top", /query or fragment/],
    ["https://user:pw@kms.example", /user name or password.*like https:\/\/kms\.example$/],
    ["'self'", /quote.*bare/],
    ['"https://kms.example"', /quote/],
    ["https://kms.example;", /';'.*separate origins with spaces/],
    ["https://a.example;script-src", /';'/],
    ["https://a.example,https://b.example", /','.*separate origins with spaces/],
    ["https://kms.exämple", /non-ASCII.*xn--/],
    ["https://kms.example\u0000", /control/],
    ["https://[::1]:4599", /IPv6.*host name/],
    ["https://", /no host/],
    ["https://:443", /no host/],
    ["https://*", /every host.*\*\.domain/],
    ["https://*:443", /every host/],
    ["https://kms.*.example", /'\*' inside the host.*\*\.corp\.example/],
    ["https://*kms.example", /'\*' inside the host/],
    ["https://kms..example", /empty label/],
    ["https://kms.example.", /empty label/],
    ["https://.kms.example", /empty label/],
    ["https://kms_proxy.example", /no '_'/],
    ["https://kms.example:0", /port '0'.*1 to 65535, or \*/],
    ["https://kms.example:65536", /port '65536'/],
    ["https://kms.example:", /port ''/],
    ["https://kms.example:http", /port 'http'/],
    ["https://kms.example:1:2", /more than one ':'/],
  ];
  for (const [origin, expected] of cases) {
    const problem = originProblem(origin);
    assert.ok(problem, `${JSON.stringify(origin)} was accepted`);
    assert.match(problem, expected, JSON.stringify(origin));
    assert.throws(
      () => parseConnectSrc(`https://fine.example ${origin}`),
      (error) =>
        error.message.includes(JSON.stringify(origin)) &&
        error.message.includes(problem) &&
        !error.message.includes('"https://fine.example"') &&
        /Set it to space-separated origins.*or unset it\.$/s.test(error.message),
      JSON.stringify(origin),
    );
  }
  // Every bad one is named at once.
  assert.throws(() => parseConnectSrc("a.example https://ok.example ftp://b.example"), (error) =>
    /has 2 bad origins:\n {2}"a\.example" .*\n {2}"ftp:\/\/b\.example" /.test(error.message),
  );
});

test("origins are appended to connect-src of index.html's policy, nothing else changes", () => {
  const before = connectSrcOf(INDEX);
  const { html, added, present } = addConnectSrc(INDEX, ["https://kms-proxy.corp.example:8443", "https://*.kms.corp.example"]);
  assert.deepEqual(added, ["https://kms-proxy.corp.example:8443", "https://*.kms.corp.example"]);
  assert.deepEqual(present, []);
  assert.equal(connectSrcOf(html), `${before} https://kms-proxy.corp.example:8443 https://*.kms.corp.example`);
  // The other directives and the rest of the page are as they were.
  assert.equal(cspOf(html).replace(" https://kms-proxy.corp.example:8443 https://*.kms.corp.example", ""), cspOf(INDEX));
  assert.equal(html.replace(" https://kms-proxy.corp.example:8443 https://*.kms.corp.example", ""), INDEX);
  // Twice: nothing added the second time.
  const again = addConnectSrc(html, ["https://kms-proxy.corp.example:8443", "http://localhost:*"]);
  assert.equal(again.html, html);
  assert.deepEqual(again.added, []);
  assert.deepEqual(again.present, ["https://kms-proxy.corp.example:8443", "http://localhost:*"]);
});

test("other spellings of the meta tag, and pages it cannot edit", () => {
  const single = `<meta content='connect-src https://a.example; img-src data:' http-equiv=content-security-policy>`;
  assert.equal(
    addConnectSrc(single, ["https://b.example"]).html,
    `<meta content='connect-src https://a.example https://b.example; img-src data:' http-equiv=content-security-policy>`,
  );
  const last = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'" />`;
  assert.equal(
    addConnectSrc(last, ["https://b.example"]).html,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self' https://b.example" />`,
  );
  assert.throws(
    () => addConnectSrc(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`, ["https://b.example"]),
    /no connect-src directive.*add one to index\.html.*or unset KMS_CONSOLE_CONNECT_SRC/,
  );
  assert.throws(
    () => addConnectSrc(`<meta name="referrer" content="no-referrer">`, ["https://b.example"]),
    /no <meta http-equiv="Content-Security-Policy"> tag.*restore the tag in index\.html or unset KMS_CONSOLE_CONNECT_SRC/,
  );
});

/** A dist/ folder holding index.html (with an inline loader, as Trunk writes it). */
function fakeDist() {
  const dist = mkdtempSync(join(tmpdir(), "finish-dist-test-"));
  const html = INDEX.replace("</head>", `<script type="module">import init from './app.js'; init();</script></head>`);
  writeFileSync(join(dist, "index.html"), html);
  return dist;
}

const run = (...args) => spawnSync(process.execPath, [join(here, "finish-dist.mjs"), ...args], { encoding: "utf8" });

test("the command line adds the origins, says which, and fails on a bad one without touching dist/", () => {
  const dist = fakeDist();
  try {
    const bad = run(dist, "--connect-src=https://kms-proxy.corp.example:8443/kms");
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /finish-dist: .*index\.html: KMS_CONSOLE_CONNECT_SRC has a bad origin:\n {2}"https:\/\/kms-proxy\.corp\.example:8443\/kms" has a path/);
    assert.match(readFileSync(join(dist, "index.html"), "utf8"), /<script type="module">import init/);

    const ok = run(dist, "--connect-src=https://kms-proxy.corp.example:8443 http://localhost:*");
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /connect-src: added https:\/\/kms-proxy\.corp\.example:8443 \(KMS_CONSOLE_CONNECT_SRC\); already allowed: http:\/\/localhost:\*/);
    const html = readFileSync(join(dist, "index.html"), "utf8");
    assert.match(connectSrcOf(html), / http:\/\/localhost:\* https:\/\/kms-proxy\.corp\.example:8443$/);
    assert.doesNotMatch(html, /<script type="module">import/);

  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
  const plain = fakeDist();
  try {
    const unset = run(plain, "--connect-src=");
    assert.equal(unset.status, 0, unset.stderr);
    assert.match(unset.stdout, /connect-src as in index\.html \(KMS_CONSOLE_CONNECT_SRC is not set\)/);
    assert.equal(connectSrcOf(readFileSync(join(plain, "index.html"), "utf8")), connectSrcOf(INDEX));
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
});

test("--check-connect-src checks without a dist/", () => {
  const ok = run("--check-connect-src=https://kms-proxy.corp.example:8443");
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stderr, /KMS_CONSOLE_CONNECT_SRC is valid: https:\/\/kms-proxy\.corp\.example:8443/);
  const bad = run("--check-connect-src=https://kms-proxy.corp.example:8443, https://x.example");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /"https:\/\/kms-proxy\.corp\.example:8443," contains ','/);
});

test("the loader fetches the wasm with its integrity, and the preload Chromium ignores goes", () => {
  const html = `<link rel="preload" href="./app_bg.wasm" crossorigin="anonymous" integrity="sha384-abc+/=" as="fetch" type="application/wasm">`;
  const loader = "import init from './app.js';\nconst wasm = await init({ module_or_path: './app_bg.wasm' });\n";
  assert.equal(
    fetchWasmWithIntegrity(html, loader),
    "import init from './app.js';\nconst wasm = await init({ module_or_path: fetch('./app_bg.wasm', { integrity: 'sha384-abc+/=' }) });\n",
  );
  // Nothing to match: left as it is.
  assert.equal(fetchWasmWithIntegrity("<link rel=icon>", loader), loader);
  assert.equal(dropWasmPreload(`<head>${html}\n<link rel="icon"></head>`), `<head><link rel="icon"></head>`);
});
