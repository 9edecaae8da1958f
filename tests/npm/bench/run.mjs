// Benchmarks of kms-rotate beside the AWS SDK for JavaScript, printed as a markdown table
// (numbers, not timed tests). Run by tests/npm/bench/run.sh, which prepares --project: a
// folder whose node_modules holds the packed kms-rotate and tests/npm's packages, with
// this folder's files copied in.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { measureSizes } from "./size.mjs";
import { CHROMIUM_ARGS, serve } from "../browser/serve.mjs";

const { values: args } = parseArgs({ options: { project: { type: "string" }, esbuild: { type: "string" } } });
const { project, esbuild } = args;
const out = join(project, "out");
mkdirSync(out, { recursive: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
// The size budget of the npm package: 140 kB gzip since issue 9 moved the rotation
// workflows (evidence before and after a rotation, following one) into the wasm; 135 kB
// before. 1 kB = 1000 bytes, as the issue's "about 53 KB" for the SDK bundle.
const BUDGET_BYTES = 140_000;
const rate = (value) => `${Math.round(value).toLocaleString("en-US")}/s`;
const ms = (value) => `${value.toFixed(1)} ms`;

// ---- size ---------------------------------------------------------------------------------
const sizes = measureSizes({ project, esbuild, out });
const oursGzip = sizes.ours.jsGzip + sizes.ours.wasmGzip;

// ---- Node ---------------------------------------------------------------------------------
const nodeResult = JSON.parse(
  execFileSync(process.execPath, ["sign-node.mjs"], { cwd: project, encoding: "utf8" }),
);
const cold = (which) =>
  median(
    Array.from({ length: 5 }, () =>
      Number(execFileSync(process.execPath, ["cold-node.mjs", which], { cwd: project, encoding: "utf8" }).trim()),
    ),
  );
const nodeCold = { ours: cold("ours"), sdk: cold("sdk") };

// ---- Chromium -----------------------------------------------------------------------------
const bundle = (entry, name) =>
  execFileSync(esbuild, [entry, "--bundle", "--minify", "--format=esm", "--platform=browser", `--outfile=${join(out, name)}`, "--log-level=warning"], {
    cwd: project,
  });
bundle("browser-entry.mjs", "bench.js");
bundle("cold-ours.mjs", "cold-ours.js");
bundle("cold-sdk.mjs", "cold-sdk.js");
copyFileSync(join(project, "node_modules/kms-rotate/kms_rotate_wasm_bg.wasm"), join(out, "kms_rotate_wasm_bg.wasm"));
writeFileSync(join(out, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="bench.js"></script>\n');
writeFileSync(join(out, "blank.html"), '<!doctype html><meta charset="utf-8">\n');

const site = await serve(out);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
let chrome;
const chromeCold = { ours: [], sdk: [] };
try {
  const page = await browser.newPage();
  await page.goto(`${site.origin}/index.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
  chrome = await page.evaluate((millis) => window.bench(millis), 2000);
  for (let i = 0; i < 5; i++) {
    for (const which of ["ours", "sdk"]) {
      // A fresh context each time: no module or compiled-wasm cache.
      const context = await browser.newContext();
      const fresh = await context.newPage();
      await fresh.goto(`${site.origin}/blank.html`);
      const elapsed = await fresh.evaluate(async (src) => {
        const start = performance.now();
        const module = await import(src);
        await module.signOnce();
        return performance.now() - start;
      }, `${site.origin}/cold-${which}.js`);
      chromeCold[which].push(elapsed);
      await context.close();
    }
  }
} finally {
  await browser.close();
  site.close();
}

if (!nodeResult.same || !chrome.same) {
  console.error("the two signers disagree on the signature: the comparison is void");
  process.exitCode = 1;
}

console.log(`
### kms-rotate beside the AWS SDK for JavaScript

Measured by \`bash tests/npm/bench/run.sh\` (Node ${process.versions.node}, ${(await import("node:os")).cpus()[0].model.trim()}, headless Chromium ${execFileSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" }).match(/[\d.]+/)[0]}).

**Size** — the six operations (RotateKeyOnDemand, GetKeyRotationStatus, ListKeyRotations, ListKeys, DescribeKey, ListAliases), bundled by esbuild (minify, browser, ESM):

| | minified | gzip |
| --- | ---: | ---: |
| kms-rotate JS | ${kb(sizes.ours.jsMin)} | ${kb(sizes.ours.jsGzip)} |
| kms-rotate wasm | ${kb(sizes.ours.wasm)} | ${kb(sizes.ours.wasmGzip)} |
| **kms-rotate total** | ${kb(sizes.ours.jsMin + sizes.ours.wasm)} | **${kb(oursGzip)}** |
| @aws-sdk/client-kms | ${kb(sizes.sdk.jsMin)} | **${kb(sizes.sdk.jsGzip)}** |
| ratio (kms-rotate / SDK) | ${((sizes.ours.jsMin + sizes.ours.wasm) / sizes.sdk.jsMin).toFixed(2)}× | ${(oursGzip / sizes.sdk.jsGzip).toFixed(2)}× |

Gzip -9 (Node's zlib), 1 KiB = 1024 bytes. In bytes: kms-rotate ${oursGzip.toLocaleString("en-US")}, the SDK ${sizes.sdk.jsGzip.toLocaleString("en-US")}. Budget ${BUDGET_BYTES.toLocaleString("en-US")} bytes (${BUDGET_BYTES / 1000} kB): ${oursGzip <= BUDGET_BYTES ? `within it, ${(BUDGET_BYTES - oursGzip).toLocaleString("en-US")} bytes to spare` : `over by ${(oursGzip - BUDGET_BYTES).toLocaleString("en-US")} bytes`}.

**SigV4 signing** — the same RotateKeyOnDemand request (with a session token), signatures checked equal; \`signRequest\` beside \`@smithy/signature-v4\`:

| | kms-rotate \`signRequest\` | @smithy/signature-v4 | ratio |
| --- | ---: | ---: | ---: |
| Chromium (SDK: @aws-crypto/sha256-browser) | ${rate(chrome.ours)} | ${rate(chrome.sdk)} | ${(chrome.ours / chrome.sdk).toFixed(2)}× |
| Node ${process.versions.node.split(".")[0]} (SDK: @smithy/hash-node) | ${rate(nodeResult.ours)} | ${rate(nodeResult.sdk)} | ${(nodeResult.ours / nodeResult.sdk).toFixed(2)}× |
| cold start, Chromium (load + instantiate + sign once, median of 5) | ${ms(median(chromeCold.ours))} | ${ms(median(chromeCold.sdk))} | |
| cold start, Node (import + sign once, median of 5) | ${ms(nodeCold.ours)} | ${ms(nodeCold.sdk)} | |
`);
