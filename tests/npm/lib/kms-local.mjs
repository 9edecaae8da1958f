// Helpers shared by the Node, browser and benchmark scripts: start kms-local on a free
// loopback port, talk to its admin API, and the demo credentials it trusts.
import { spawn } from "node:child_process";

export const DEMO = Object.freeze({
  accessKeyId: "ASIAKMSLOCALDEMO0001",
  secretAccessKey: "kmsLocalDemoSecretAccessKey0000000000000",
  sessionToken: "kms-local-demo-session-token",
  accountId: "111122223333",
});

export const EXPIRED = Object.freeze({
  accessKeyId: "ASIAKMSLOCALEXPIRED1",
  secretAccessKey: "kmsLocalExpiredSecretAccessKey0000000000",
  sessionToken: "kms-local-expired-session-token",
});

/** Demo keys (crates/kms-local/src/demo.json). */
export const KEYS = Object.freeze({
  payments: "dec0de00-0000-4000-8000-000000000001",
  orders: "dec0de00-0000-4000-8000-000000000002",
  reports: "dec0de00-0000-4000-8000-000000000003",
  midRotation: "dec0de00-0000-4000-8000-000000000004",
  almostExhausted: "dec0de00-0000-4000-8000-000000000005",
  exhausted: "dec0de00-0000-4000-8000-000000000006",
  autoSoon: "dec0de00-0000-4000-8000-000000000007",
  signingRsa: "dec0de00-0000-4000-8000-000000000008",
  awsManaged: "dec0de00-0000-4000-8000-00000000000b",
  importedReady: "dec0de00-0000-4000-8000-000000000020",
  imported: "dec0de00-0000-4000-8000-000000000021",
  disabled: "dec0de00-0000-4000-8000-000000000017",
});

/**
 * Starts kms-local on a free 127.0.0.1 port; resolves to `{ url, stop }` once it
 * listens. `stop()` ends the process (and is safe to call twice).
 */
export function startKmsLocal(binary, args = [], { timeoutMs = 20_000 } = {}) {
  const child = spawn(binary, ["--port", "0", "--bind", "127.0.0.1", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`kms-local did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`kms-local exited with ${code}:\n${log}`));
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      log += chunk;
      if (log.length > 100_000) log = log.slice(-50_000);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        const stop = () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          });
        resolve({ url: match[1], pid: child.pid, stop, log: () => log });
      }
    });
  });
}

/** The admin API of a kms-local at `url`. */
export function adminOf(url) {
  const call = async (method, path, body) => {
    const response = await fetch(`${url}/_kms_local/${path}`, {
      method,
      // kms-local refuses admin calls without these (a web page cannot send them).
      headers: { "content-type": "application/json", "x-kms-local-admin": "1" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  return {
    /** Reloads the start-up data (no seed) or `seed`; clears faults, quota counters and the log. */
    reset: (seed) => call("POST", "reset", seed),
    faults: (faults) => call("POST", "faults", faults),
    pendingFaults: () => call("GET", "faults").then((r) => r.faults),
    clearFaults: () => call("DELETE", "faults"),
    log: (op) => call("GET", op ? `log?op=${encodeURIComponent(op)}` : "log").then((r) => r.entries),
    clearLog: () => call("DELETE", "log"),
    keys: () => call("GET", "keys").then((r) => r.keys),
    health: () => call("GET", "health"),
  };
}
