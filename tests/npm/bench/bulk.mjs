// Benchmark 2, bulk rotation at the quota limit: N fresh eligible keys (a posted seed),
// RotateKeyOnDemand quota 5/s on, kms-local --rotation-seconds 1. Each client rotates all
// of them (load-work.mjs `bulk`) and waits until GetKeyRotationStatus shows none in
// progress; kms-local's request log then says how often each key was really rotated.
// A second variant injects 503s and dropped connections on RotateKeyOnDemand while the
// clients work.
import { addCounts, admin, int, median, runNode, seconds, sleep, sum, tally } from "./load-lib.mjs";

export const BULK_CLIENTS = [
  { id: "ours", label: "kms-rotate `rotateKeyOnDemand`", which: "ours", mode: "rotate" },
  { id: "ours-wait", label: "kms-rotate `rotateAndWait`", which: "ours", mode: "rotateAndWait" },
  { id: "sdk", label: "@aws-sdk/client-kms `RotateKeyOnDemandCommand`", which: "sdk", mode: "rotate" },
];

/** A seed of `n` eligible keys: customer managed, symmetric, enabled, never rotated. */
export const bulkSeed = (n) => ({
  keys: Array.from({ length: n }, (_, i) => ({ name: `bulk-${String(i + 1).padStart(3, "0")}`, description: `bulk rotation benchmark key ${i + 1}` })),
});

/**
 * Keeps one fault pending on RotateKeyOnDemand until `want` of each kind have taken
 * effect: a 503 always does (KMS did not act); a `drop` only when the request was not
 * throttled (then KMS rotated the key and the connection broke mid-answer). At most 20.
 */
function startInjector(kms, want) {
  let stopped = false;
  const posted = [];
  const done = (async () => {
    await sleep(300);
    while (!stopped && posted.length < 20) {
      const entries = await kms.log("RotateKeyOnDemand");
      const effective = {
        503: entries.filter((e) => e.fault === "503").length,
        drop: entries.filter((e) => e.fault === "drop" && e.performed).length,
      };
      if (effective[503] >= want[503] && effective.drop >= want.drop) break;
      if ((await kms.pendingFaults()).length === 0) {
        const kind = effective.drop < want.drop && (effective.drop <= effective[503] || effective[503] >= want[503]) ? "drop" : "503";
        await kms.faults({ kind, op: "RotateKeyOnDemand", count: 1 });
        posted.push(kind);
      }
      await sleep(400);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      await kms.clearFaults();
      return posted;
    },
  };
}

/** Runs the bulk benchmark; resolves to `{ rows, markdown }`. */
export async function bulkBench({ project, kmsUrl, runs, keys: n, concurrency, credentials, faults = { 503: 3, drop: 3 }, log = console.error }) {
  const kms = admin(kmsUrl);
  const variants = [false, true];
  const rows = [];
  const doubles = [];
  for (const withFaults of variants) {
    const results = Object.fromEntries(BULK_CLIENTS.map((c) => [c.id, []]));
    for (let round = 1; round <= runs; round++) {
      for (const client of BULK_CLIENTS) {
        await kms.reset(bulkSeed(n));
        const keyIds = (await kms.keys()).map((k) => k.keyId);
        if (keyIds.length !== n) throw new Error(`the seed made ${keyIds.length} keys, not ${n}`);
        const injector = withFaults ? startInjector(kms, faults) : null;
        let result;
        let posted = [];
        try {
          result = await runNode(project, "bulk", client.which, { endpoint: kmsUrl, credentials, keyIds, concurrency, mode: client.mode });
        } finally {
          if (injector) posted = await injector.stop();
        }
        const entries = await kms.log("RotateKeyOnDemand");
        // A rotation was performed when kms-local ran the operation (its log says so),
        // whether or not the answer reached the client (an injected drop breaks it mid-body).
        const performed = Object.fromEntries(keyIds.map((id) => [id, 0]));
        for (const e of entries) if (e.performed && e.keyId in performed) performed[e.keyId]++;
        // kms-local's own count of on-demand rotations, as a cross-check of the log.
        const used = Object.fromEntries((await kms.keys()).map((k) => [k.keyId, k.onDemandRotationsUsed]));
        const mismatch = keyIds.filter((id) => used[id] !== performed[id]).length;
        const perKey = Object.values(performed);
        const run = {
          millis: result.millis,
          sentMillis: result.sentMillis,
          requests: entries.length,
          throttled: entries.filter((e) => e.errorCode === "ThrottlingException").length,
          injected503: entries.filter((e) => e.fault === "503").length,
          injectedDrop: entries.filter((e) => e.fault === "drop" && e.status === 200).length,
          wastedDrop: entries.filter((e) => e.fault === "drop" && e.status !== 200).length,
          posted: posted.length,
          once: perKey.filter((c) => c === 1).length,
          twice: perKey.filter((c) => c >= 2).length,
          never: perKey.filter((c) => c === 0).length,
          extraRotations: sum(perKey.map((c) => Math.max(0, c - 1))),
          mismatch,
          callerResubmits: result.callerResubmits,
          told: Object.values(result.told).reduce((all, outcome) => addCounts(all, { [outcome]: 1 }), {}),
          // Told it failed, yet rotated; or told it succeeded, yet not rotated.
          wronglyTold: keyIds.filter((id) => result.told[id].startsWith("ok") !== performed[id] >= 1).length,
          unconfirmed: result.unconfirmed,
          recheck: result.recheck,
          stillInProgress: result.stillInProgress,
        };
        for (const id of keyIds.filter((k) => performed[k] >= 2)) {
          // Which of the caller's calls each request belongs to (kms-local logs when a
          // request arrived; the caller noted when each call started and ended).
          const calls = result.callLog[id];
          const callOf = (e) => calls.findIndex((c) => e.epochMillis >= c.start - 20 && e.epochMillis <= c.end + 20) + 1;
          const mine = entries.filter((e) => e.keyId === id);
          const trail = mine.map(
            (e) => `#${callOf(e) || "?"} ${e.status}${e.errorCode ? " " + e.errorCode : ""}${e.fault ? " [" + e.fault + "]" : ""}`,
          );
          const rotatingCalls = new Set(mine.filter((e) => e.status === 200).map(callOf));
          const cause =
            rotatingCalls.size < performed[id]
              ? "the client's own retry within one call"
              : `the caller's re-send after the client reported ${calls[[...rotatingCalls].sort()[0] - 1]?.outcome ?? "?"}`;
          doubles.push({ client: client.label, faults: withFaults, round, id, rotations: performed[id], callerCalls: result.callerCalls[id], told: result.told[id], trail, cause, calls });
          if (rotatingCalls.size < performed[id]) run.ownRetryDoubles = (run.ownRetryDoubles ?? 0) + 1;
          else run.resendDoubles = (run.resendDoubles ?? 0) + 1;
        }
        results[client.id].push(run);
        log(
          `  bulk${withFaults ? "+faults" : ""} ${round}/${runs} ${client.label}: ${seconds(run.millis)}, ${run.requests} RotateKeyOnDemand requests, ${run.throttled} throttled, ` +
            `once ${run.once}, twice+ ${run.twice}, never ${run.never}, told ${tally(run.told)}` +
            (withFaults ? `, faults 503 ${run.injected503} / drop ${run.injectedDrop} (+${run.wastedDrop} on throttled requests)` : "") +
            (run.mismatch ? `, LOG/STATE MISMATCH ${run.mismatch}` : ""),
        );
      }
    }
    for (const client of BULK_CLIENTS) {
      const r = results[client.id];
      rows.push({
        ...client,
        withFaults,
        millis: median(r.map((x) => x.millis)),
        requests: median(r.map((x) => x.requests)),
        throttled: median(r.map((x) => x.throttled)),
        callerResubmits: median(r.map((x) => x.callerResubmits)),
        once: sum(r.map((x) => x.once)),
        twice: sum(r.map((x) => x.twice)),
        never: sum(r.map((x) => x.never)),
        extraRotations: sum(r.map((x) => x.extraRotations)),
        ownRetryDoubles: sum(r.map((x) => x.ownRetryDoubles ?? 0)),
        resendDoubles: sum(r.map((x) => x.resendDoubles ?? 0)),
        total: n * r.length,
        told: r.reduce((all, x) => addCounts(all, x.told), {}),
        wronglyTold: sum(r.map((x) => x.wronglyTold)),
        injected503: sum(r.map((x) => x.injected503)),
        injectedDrop: sum(r.map((x) => x.injectedDrop)),
        mismatch: sum(r.map((x) => x.mismatch)),
        stillInProgress: sum(r.map((x) => x.stillInProgress)),
        all: r.map((x) => x.millis),
      });
    }
  }

  const line = (r) =>
    `| ${r.label} | ${r.withFaults ? `${r.injected503}× 503, ${r.injectedDrop}× drop` : "none"} | ${seconds(r.millis)} | ${int(r.requests)} | ${int(r.throttled)} | ${int(r.callerResubmits)} | ${r.once} / ${r.total} | ${r.twice ? `**${r.twice}** (${r.ownRetryDoubles} by the client's own retries, ${r.resendDoubles} by the caller's re-send)` : "0"} | ${r.never} | ${r.wronglyTold} | ${tally(r.told)} |`;
  const markdown = `**Bulk rotation at the quota limit** — ${n} eligible keys, RotateKeyOnDemand quota 5/s on, kms-local \`--rotation-seconds 1\`; ${concurrency} rotations in flight; each client at its defaults (3 attempts; kms-rotate never resends a rotation after an ambiguous failure, the SDK's standard retry strategy retries 5xx, throttling and lost connections). The caller (same code for both) waits 1 s and sends again after a final ThrottlingException (throttling proves KMS did nothing); after an ambiguous failure (kms-rotate: \`RotationUnconfirmed\`, which it reports when its own look at the key did not settle it; the SDK: a 5xx or no answer) it looks at the key's status and history after the pass and sends once more only if they show no rotation. Then every key is polled with GetKeyRotationStatus until none is in progress (included in the wall time). Rotations performed per key from kms-local's request log (\`GET /_kms_local/log\`, checked against its on-demand rotation count). With faults: ${faults[503]} \`503\` and ${faults.drop} \`drop\` on RotateKeyOnDemand (\`POST /_kms_local/faults\`) injected one at a time while the clients work (a drop that lands on a throttled request does not count). Median of ${runs} runs; key counts summed over the runs:

| client | faults (all runs) | wall time | RotateKeyOnDemand requests | throttled | caller re-sends | rotated exactly once | rotated twice or more | not rotated | told wrongly ³ | what the caller was told (all runs) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.map(line).join("\n")}

³ the caller was told the rotation failed although KMS performed it, or told it succeeded although it did not.
${
  doubles.length
    ? `\nKeys rotated more than once. "By the caller's re-send" means the client reported ThrottlingException for a call in which an earlier attempt had already rotated the key (the answer was lost, the client retried, the retries were throttled, and the last error is the one reported), so the caller had no way to know:\n\n${doubles
        .map(
          (d) =>
            `- ${d.client}, ${d.faults ? "with faults" : "no faults"}, run ${d.round}: \`${d.id}\` rotated ${d.rotations}× — by ${d.cause}. The caller's calls: ${d.calls
              .map((c, i) => `#${i + 1} ${c.outcome}`)
              .join(", ")}. Its requests (call, status, error, [fault]): ${d.trail.join(" → ")}`,
        )
        .join("\n")}\n`
    : ""
}`;
  return { rows, doubles, markdown };
}
