// Size: kms-rotate (wasm + JS) beside @aws-sdk/client-kms, both bundled by esbuild
// (minify, browser, ESM) for the same six operations. Prints JSON for run.mjs.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export function measureSizes({ project, esbuild, out }) {
  const bundle = (entry, name) => {
    const outfile = join(out, name);
    execFileSync(esbuild, [entry, "--bundle", "--minify", "--format=esm", "--platform=browser", `--outfile=${outfile}`, "--log-level=warning"], {
      cwd: project,
    });
    const bytes = readFileSync(outfile);
    return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const ours = bundle("ours-six.mjs", "ours-six.js");
  const wasmPath = join(project, "node_modules/kms-rotate/kms_rotate_wasm_bg.wasm");
  const wasm = readFileSync(wasmPath);
  const sdk = bundle("sdk-six.mjs", "sdk-six.js");
  return {
    ours: { jsMin: ours.min, jsGzip: ours.gzip, wasm: statSync(wasmPath).size, wasmGzip: gzipSync(wasm, { level: 9 }).length },
    sdk: { jsMin: sdk.min, jsGzip: sdk.gzip },
  };
}
