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

/** The kms-local admin API at `url` (only what the benchmarks use). */
export function admin(url) {
  const call = async (method, path, body) => {
    const response = await fetch(`${url}/_kms_local/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  return {
    /** Reloads the start-up data (no seed) or `seed`; clears faults, quota counters and the log. */
    reset: (seed) => call("POST", "reset", seed),
    addFault: (fault) => call("POST", "faults", fault),
    pendingFaults: () => call("GET", "faults").then((r) => r.faults),
    clearFaults: () => call("DELETE", "faults"),
    log: (op) => call("GET", op ? `log?op=${encodeURIComponent(op)}` : "log").then((r) => r.entries),
    keys: () => call("GET", "keys").then((r) => r.keys),
  };
}

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
