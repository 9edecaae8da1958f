// Load benchmarks of kms-rotate beside @aws-sdk/client-kms against one kms-local (printed
// numbers, not timed tests): loading an inventory (inventory.mjs) and bulk rotation at
// the quota limit (bulk.mjs). Run by tests/npm/bench/load.sh, which prepares --project
// (kms-rotate from the packed tarball and tests/npm's packages, this folder's files
// copied in). Progress goes to stderr, the markdown tables to stdout.
//
//   node load.mjs --project DIR --kms-local BIN --esbuild BIN [--runs 3] [--keys 2000]
//     [--concurrency 16] [--bulk-keys 50] [--bulk-concurrency 5] [--no-browser]
//     [--only inventory|bulk]
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CHROMIUM_ARGS, serve } from "../browser/serve.mjs";
import { DEMO, startKmsLocal } from "../lib/kms-local.mjs";
import { bulkBench } from "./bulk.mjs";
import { inventoryBench } from "./inventory.mjs";
import { killChildren } from "./load-lib.mjs";

const { values: args } = parseArgs({
  options: {
    project: { type: "string" },
    "kms-local": { type: "string" },
    esbuild: { type: "string" },
    runs: { type: "string", default: "3" },
    keys: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "16" },
    "bulk-keys": { type: "string", default: "50" },
    "bulk-concurrency": { type: "string", default: "5" },
    "no-browser": { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const runs = Number(args.runs);
const credentials = { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey, sessionToken: DEMO.sessionToken };
const log = (line) => process.stderr.write(`${line}\n`);

// ---- the browser pages: each client bundled alone ---------------------------------------
let site;
let browser;
let kms;
const stop = async () => {
  killChildren();
  await browser?.close().catch(() => {});
  site?.close();
  await kms?.stop();
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop().finally(() => process.exit(130)));

const loadBefore = loadavg()[0];
try {
  const wantBrowser = !args["no-browser"] && args.only !== "bulk";
  if (wantBrowser) {
    const out = join(args.project, "load-out");
    mkdirSync(out, { recursive: true });
    for (const which of ["ours", "sdk"]) {
      execFileSync(
        args.esbuild,
        [`load-browser-${which}.mjs`, "--bundle", "--minify", "--format=esm", "--platform=browser", `--outfile=${join(out, `load-${which}.js`)}`, "--log-level=warning"],
        { cwd: args.project, stdio: "inherit" },
      );
      writeFileSync(join(out, `load-${which}.html`), `<!doctype html><meta charset="utf-8"><script type="module" src="load-${which}.js"></script>\n`);
    }
    copyFileSync(join(args.project, "node_modules/kms-rotate/kms_rotate_wasm_bg.wasm"), join(out, "kms_rotate_wasm_bg.wasm"));
    site = await serve(out);
  }

  // One kms-local for both benchmarks: quotas on (its default), the demo data plus
  // --keys generated keys; the bulk benchmark posts its own seed at each reset.
  kms = await startKmsLocal(args["kms-local"], [
    "--keys", args.keys,
    "--rotation-seconds", "1",
    "--quiet",
    ...(site ? ["--cors-origin", site.origin] : []),
  ]);
  log(`kms-local at ${kms.url} (pid ${kms.pid})`);
  if (wantBrowser) {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  }

  const sections = [];
  if (args.only !== "bulk") {
    log("inventory:");
    const { markdown } = await inventoryBench({
      project: args.project,
      kmsUrl: kms.url,
      browser,
      origin: site?.origin,
      runs,
      concurrency: Number(args.concurrency),
      generated: Number(args.keys),
      credentials,
      log,
    });
    sections.push(markdown);
  }
  if (args.only !== "inventory") {
    log("bulk rotation:");
    const { markdown } = await bulkBench({
      project: args.project,
      kmsUrl: kms.url,
      runs,
      keys: Number(args["bulk-keys"]),
      concurrency: Number(args["bulk-concurrency"]),
      credentials,
      log,
    });
    sections.push(markdown);
  }

  const versionOf = (name) => JSON.parse(readFileSync(join(args.project, "node_modules", name, "package.json"), "utf8")).version;
  const sdkVersion = versionOf("@aws-sdk/client-kms");
  const oursVersion = versionOf("kms-rotate");
  const chromiumVersion = browser ? ` headless Chromium ${browser.version()},` : "";
  console.log(`
### kms-rotate beside the AWS SDK under load

Measured by \`bash tests/npm/bench/load.sh\` (kms-rotate ${oursVersion}, @aws-sdk/client-kms ${sdkVersion}, Node ${process.versions.node},${chromiumVersion} kms-local release-native on 127.0.0.1, ${cpus().length}× ${cpus()[0].model.trim()}, load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after). Both clients are measured in one run against the same kms-local; clients, kms-local and Chromium share the machine, so absolute numbers follow its load — compare within a run.

${sections.join("\n")}`);
} finally {
  await stop();
}
