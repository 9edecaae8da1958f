// The console's static server sends the headers a <meta> policy cannot: run with
// `node --test web/tools/serve.test.mjs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const serve = join(dirname(fileURLToPath(import.meta.url)), "serve.mjs");

/** Starts serve.mjs on a folder holding index.html: its URL and a stop function. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), "serve-test-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>console</title>");
  const child = spawn(process.execPath, [serve, dir, "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      const match = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(String(chunk));
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
  const stop = () => {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, stop };
}

test("every answer forbids framing and sniffing, errors included", async () => {
  const { url, stop } = await start();
  try {
    for (const [path, status] of [["", 200], ["index.html", 200], ["missing.js", 404]]) {
      const response = await fetch(url + path);
      assert.equal(response.status, status, path);
      assert.equal(response.headers.get("content-security-policy"), "frame-ancestors 'none'", path);
      assert.equal(response.headers.get("x-frame-options"), "DENY", path);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(response.headers.get("referrer-policy"), "no-referrer", path);
    }
  } finally {
    stop();
  }
});
