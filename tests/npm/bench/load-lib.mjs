// Helpers of the load benchmarks' orchestrator (load.mjs, inventory.mjs, bulk.mjs): the
// kms-local admin calls they need, a run of load-node.mjs in a fresh process, and numbers.
import { execFile } from "node:child_process";

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const sum = (values) => values.reduce((a, b) => a + b, 0);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const int = (n) => Math.round(n).toLocaleString("en-US");

/** The kms-local admin API (one client for the tests and the benchmarks). */
export { adminOf as admin } from "../lib/kms-local.mjs";

const children = new Set();
/** Ends the load-node.mjs processes still running (on an interrupted run). */
export const killChildren = () => children.forEach((child) => child.kill("SIGTERM"));

/** Runs `node load-node.mjs task which config` in `project`; resolves to its JSON. */
export function runNode(project, task, which, config) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["load-node.mjs", task, which, JSON.stringify(config)],
      { cwd: project, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        children.delete(child);
        if (error) reject(new Error(`load-node.mjs ${task} ${which}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
    children.add(child);
  });
}

/** Counts of a request log: per operation, throttled responses, everything. */
export function countLog(entries) {
  const byOp = {};
  const throttledByOp = {};
  let throttled = 0;
  for (const e of entries) {
    byOp[e.op] = (byOp[e.op] ?? 0) + 1;
    if (e.errorCode === "ThrottlingException") {
      throttled++;
      throttledByOp[e.op] = (throttledByOp[e.op] ?? 0) + 1;
    }
  }
  return { requests: entries.length, throttled, byOp, throttledByOp };
}

/** `{code: n}` as "code n, code n" (or "none"). */
export const tally = (counts) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ") || "none";

/** Adds the counts of `b` into `a`. */
export const addCounts = (a, b) => {
  for (const [k, n] of Object.entries(b)) a[k] = (a[k] ?? 0) + n;
  return a;
};
