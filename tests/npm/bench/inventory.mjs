// Benchmark 1, loading an inventory: kms-rotate and @aws-sdk/client-kms do the same work
// (load-work.mjs `inventory`) against the same kms-local (--keys N beside the demo data,
// quotas on), in Node and in headless Chromium through CORS, `runs` rounds with the
// clients taking turns. Requests and throttled responses are counted from kms-local's
// request log, which kms-local clears at every reset.
import { admin, countLog, int, median, runNode, seconds, sum, tally } from "./load-lib.mjs";

export const INVENTORY_CLIENTS = [
  { id: "ours-node", label: "kms-rotate", runtime: "Node", which: "ours" },
  { id: "sdk-node", label: "@aws-sdk/client-kms", runtime: "Node", which: "sdk" },
  { id: "ours-chromium", label: "kms-rotate", runtime: "Chromium", which: "ours", page: "load-ours.html" },
  { id: "sdk-chromium", label: "@aws-sdk/client-kms", runtime: "Chromium", which: "sdk", page: "load-sdk.html" },
];

async function inChromium(browser, origin, page, config) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto(`${origin}/${page}`);
    await tab.waitForFunction(() => window.loadReady === true, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`${page} did not load: ${errors.join("; ")}`);
    });
    // The renderer's main-thread task time (script, fetch bookkeeping, wasm) for the work.
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Performance.enable");
    const taskSeconds = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
    const before = await taskSeconds();
    const result = await tab.evaluate((c) => window.runInventory(c), config);
    result.cpuMillis = (await taskSeconds() - before) * 1000;
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Runs the inventory benchmark; resolves to `{ rows, markdown }`.
 * `browser` (playwright) and `origin` (the page server kms-local allows) are optional.
 */
export async function inventoryBench({ project, kmsUrl, browser, origin, runs, concurrency, generated, credentials, log = console.error }) {
  const kms = admin(kmsUrl);
  const clients = INVENTORY_CLIENTS.filter((c) => !c.page || browser);
  const results = Object.fromEntries(clients.map((c) => [c.id, []]));
  const config = { endpoint: kmsUrl, concurrency, credentials };

  for (let round = 1; round <= runs; round++) {
    for (const client of clients) {
      await kms.reset();
      const result = client.page
        ? await inChromium(browser, origin, client.page, config)
        : await runNode(project, "inventory", client.which, config);
      const counts = countLog(await kms.log());
      results[client.id].push({ ...result, ...counts });
      log(
        `  inventory ${round}/${runs} ${client.label} (${client.runtime}): ${seconds(result.millis)}, CPU ${seconds(result.cpuMillis)}, ${result.keys} keys, ` +
          `${counts.requests} requests, ${counts.throttled} throttled (${tally(counts.throttledByOp)}), caller retries ${result.callerRetries}, failures ${tally(result.failures)}; phases ${Object.entries(result.phases).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(", ")}`,
      );
    }
  }

  const rows = clients.map((client) => {
    const runsOf = results[client.id];
    const millis = median(runsOf.map((r) => r.millis));
    return {
      ...client,
      millis,
      keys: runsOf[0].keys,
      keysPerSecond: median(runsOf.map((r) => (r.keys / r.millis) * 1000)),
      cpuMillis: median(runsOf.map((r) => r.cpuMillis)),
      cpuPerRequest: median(runsOf.map((r) => r.cpuMillis / r.requests)),
      requests: median(runsOf.map((r) => r.requests)),
      throttled: median(runsOf.map((r) => r.throttled)),
      throttledRuns: runsOf.map((r) => r.throttled),
      callerRetries: sum(runsOf.map((r) => r.callerRetries)),
      failures: runsOf.reduce((all, r) => {
        for (const [k, n] of Object.entries(r.failures)) all[k] = (all[k] ?? 0) + n;
        return all;
      }, {}),
      byOp: runsOf[0].byOp,
      all: runsOf.map((r) => r.millis),
      complete: runsOf.every((r) => r.described === r.keys && r.statuses === r.candidates),
      shape: runsOf[0],
    };
  });

  const shape = rows[0].shape;
  const markdown = `**Loading an inventory** — ${int(shape.keys)} keys (kms-local \`--keys ${generated}\` beside its demo data), quotas on as in AWS (ListKeys 500/s, DescribeKey 2000/s, ListAliases 500/s, GetKeyRotationStatus 1000/s). Each client: ListKeys (Limit 1000) every page, DescribeKey of every key with ${concurrency} in flight, ListAliases (Limit 100) every page (${int(shape.aliases)} aliases), GetKeyRotationStatus of the ${int(shape.candidates)} customer-managed symmetric keys with ${concurrency} in flight. Each client at its defaults (3 attempts, its own backoff); after a final ThrottlingException the caller waits 1 s and calls again (same code for both). Requests and throttled responses from kms-local's request log; median of ${runs} runs, the clients taking turns:

| client | runtime | wall time | keys/s | client CPU ² | CPU per request ² | requests sent | throttled responses (retried) | caller re-calls (all runs) | failed calls (all runs) | wall time of each run |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows
  .map(
    (r) =>
      `| ${r.label} | ${r.runtime}${r.runtime === "Chromium" ? " ¹" : ""} | ${seconds(r.millis)} | ${int(r.keysPerSecond)} | ${seconds(r.cpuMillis)} | ${(r.cpuPerRequest * 1000).toFixed(0)} µs | ${int(r.requests)} | ${int(r.throttled)} | ${r.callerRetries} | ${sum(Object.values(r.failures))}${sum(Object.values(r.failures)) ? ` (${tally(r.failures)})` : ""} | ${r.all.map((m) => (m / 1000).toFixed(2)).join(" / ")} s |`,
  )
  .join("\n")}

${browser ? "¹ Chromium allows 6 connections per host over HTTP/1.1, so at most 6 of the " + concurrency + " requests in flight are on the wire at once.\n" : ""}² Node: the CPU time of the client's process (all threads) for the work, after the imports. Chromium: the page renderer's main-thread busy time (CDP \`TaskDuration\`: time spent in tasks, so it also grows with the machine's load; the browser's network process is not included). Node's figure is steadier than wall time when the machine is busy.
`;
  return { rows, markdown };
}
