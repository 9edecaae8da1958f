// The kms-rotate package bundled by esbuild for the browser and run in headless Chromium
// against kms-local through CORS. Prints a line per step and "browser: N passed, N failed".
//
//   node run.mjs --project DIR --kms-local BIN --esbuild BIN --out DIR
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { adminOf, startKmsLocal } from "../lib/kms-local.mjs";
import { CHROMIUM_ARGS, serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    project: { type: "string" },
    "kms-local": { type: "string" },
    esbuild: { type: "string" },
    out: { type: "string" },
  },
});

async function main() {
  const out = args.out;
  mkdirSync(out, { recursive: true });
  // Bundle from inside the consumer project, so "kms-rotate" resolves to the installed tarball.
  copyFileSync(join(here, "steps.mjs"), join(args.project, "browser-steps.mjs"));
  execFileSync(
    args.esbuild,
    ["browser-steps.mjs", "--bundle", "--format=esm", "--platform=browser", "--minify", `--outfile=${join(out, "bundle.js")}`],
    { cwd: args.project, stdio: "inherit" },
  );
  // esbuild leaves `new URL("./kms_rotate_wasm_bg.wasm", import.meta.url)` as is: the wasm goes next to the bundle.
  copyFileSync(join(args.project, "node_modules/kms-rotate/kms_rotate_wasm_bg.wasm"), join(out, "kms_rotate_wasm_bg.wasm"));
  writeFileSync(join(out, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="bundle.js"></script>\n');

  const allowed = await serve(out);
  const refused = await serve(out);
  const kms = await startKmsLocal(args["kms-local"], ["--no-quotas", "--quiet", "--rotation-seconds", "1", "--cors-origin", allowed.origin]);
  const admin = adminOf(kms.url);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  try {
    const open = async (origin) => {
      const page = await browser.newPage();
      page.on("pageerror", (error) => console.log(`  page error: ${error.message}`));
      await page.goto(`${origin}/index.html?kms=${encodeURIComponent(kms.url)}`);
      await page.waitForFunction(() => window.stepsReady === true, null, { timeout: 20_000 });
      return page;
    };
    const page = await open(allowed.origin);
    const steps = [
      ["listAndPaginate"],
      ["describeKeyDates"],
      ["rotateAndWaitCompletes"],
      ["serviceErrorWithRequestId"],
      ["inputError"],
      ["retriedAfterThrottling", { kind: "throttle", op: "ListAliases" }],
      ["clockSkewLearned", { kind: "clock_skew", op: "ListKeys", seconds: 900, count: 5 }],
      ["timeout", { kind: "delay", op: "GetKeyRotationStatus", ms: 1500 }],
      [
        "rotationDroppedNotResent",
        { kind: "drop", op: "RotateKeyOnDemand" },
        // The package hands the rotation to fetch once (the step counts). Chromium itself
        // may resend a POST whose reused keep-alive connection closed before any answer
        // (the reads before the rotation reuse it); KMS refuses that copy with
        // ConflictException, so the key is still rotated exactly once.
        async () => {
          const rotations = await admin.log("RotateKeyOnDemand");
          const performed = rotations.filter((e) => e.performed);
          const copies = rotations.filter((e) => !e.performed);
          if (performed.length !== 1 || performed[0].fault !== "drop" || copies.some((e) => e.errorCode !== "ConflictException")) {
            const seen = rotations.map((e) => `${e.status} ${e.errorCode ?? e.fault ?? ""}`).join(", ");
            throw new Error(`kms-local performed ${performed.length} RotateKeyOnDemand (saw: ${seen})`);
          }
        },
      ],
      ["helpers"],
    ];
    // `verify` checks kms-local's side afterwards (its request log).
    const run = async (target, name, fault, verify) => {
      await admin.reset();
      if (fault) await admin.faults(fault);
      try {
        const detail = await target.evaluate((step) => window.steps[step](), name);
        if (verify) await verify();
        passed++;
        console.log(`  ok   ${name}: ${detail}`);
      } catch (error) {
        failed++;
        console.log(`  FAIL ${name}: ${String(error.message).split("\n")[0]}`);
      }
    };
    for (const [name, fault, verify] of steps) await run(page, name, fault, verify);
    // The same page from an origin kms-local does not allow: the browser refuses the answer.
    const refusedPage = await open(refused.origin);
    await run(refusedPage, "corsRefused");
    await run(refusedPage, "corsRefusedRotationNotSent");
    const log = await admin.log();
    console.log(`  kms-local saw ${log.length} request(s) from the refused origin's step (the preflight is refused)`);
  } finally {
    await browser.close();
    await kms.stop();
    allowed.close();
    refused.close();
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  console.log("browser: 0 passed, 1 failed");
  process.exitCode = 1;
});
