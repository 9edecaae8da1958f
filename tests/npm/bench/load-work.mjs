// The work of the load benchmarks (tests/npm/bench/load.sh), written once and run with
// either client: kms-rotate or @aws-sdk/client-kms, each behind the same small adapter,
// in Node (load-node.mjs) or bundled for headless Chromium (load-browser-*.mjs).
//
// No imports: the entry points pass in the client modules, so a browser bundle holds
// only the client it measures.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

/** `fn` over `items` with at most `concurrency` calls in flight; results in order. */
export async function pool(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** kms-rotate's KmsClient behind the adapter. */
export function oursAdapter(kms) {
  return {
    code: (error) => error?.code ?? error?.name ?? String(error),
    // After an ambiguous failure kms-rotate looks at the key itself and says RotationUnconfirmed
    // when that did not settle it.
    ambiguous: (error) => error?.code === "RotationUnconfirmed",
    listKeys: (input) => kms.listKeys(input),
    describeKey: (input) => kms.describeKey(input),
    listAliases: (input) => kms.listAliases(input),
    getKeyRotationStatus: (input) => kms.getKeyRotationStatus(input),
    listKeyRotations: (input) => kms.listKeyRotations(input),
    rotate: (input) => kms.rotateKeyOnDemand(input),
    rotateAndWait: (input) => kms.rotateAndWait(input),
  };
}

/** @aws-sdk/client-kms (the module `sdk`, a `KMSClient` `client`) behind the adapter. */
export function sdkAdapter(sdk, client) {
  const send = (Command) => (input) => client.send(new sdk[Command](input));
  return {
    // Service errors are named by their code; a lost connection is a plain Error with a Node code.
    code: (error) => (error?.name && error.name !== "Error" ? error.name : error?.code ?? String(error?.message ?? error)),
    // A 5xx, or no answer at all (a lost connection is a "TimeoutError"): KMS may have acted.
    ambiguous: (error) => !(error?.$metadata?.httpStatusCode < 500),
    listKeys: send("ListKeysCommand"),
    describeKey: send("DescribeKeyCommand"),
    listAliases: send("ListAliasesCommand"),
    getKeyRotationStatus: send("GetKeyRotationStatusCommand"),
    listKeyRotations: send("ListKeyRotationsCommand"),
    rotate: send("RotateKeyOnDemandCommand"),
  };
}

const THROTTLED = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException"]);

/**
 * The caller's part, the same for both clients: when the client has used up its own
 * retries and still reports throttling (which proves KMS did nothing), wait a second and
 * call again, at most `tries` times. Other errors are counted and give `undefined`.
 */
function caller(adapter, stats, { tries = 10, waitMs = 1000 } = {}) {
  return async (fn) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const code = adapter.code(error);
        if (THROTTLED.has(code) && attempt < tries) {
          stats.callerRetries++;
          await sleep(waitMs);
          continue;
        }
        stats.failures[code] = (stats.failures[code] ?? 0) + 1;
        return undefined;
      }
    }
  };
}

/** Keys GetKeyRotationStatus answers for: customer-managed symmetric, not in a custom key store. */
export const hasRotationStatus = (m) =>
  m.KeyManager === "CUSTOMER" &&
  m.KeySpec === "SYMMETRIC_DEFAULT" &&
  !m.CustomKeyStoreId &&
  (m.KeyState === "Enabled" || m.KeyState === "Disabled");

/**
 * Loads an inventory: ListKeys (every page), DescribeKey of every key, ListAliases (every
 * page), GetKeyRotationStatus of the customer-managed symmetric keys; the two per-key
 * steps with `concurrency` calls in flight.
 */
export async function inventory(adapter, { concurrency = 16 } = {}) {
  const stats = { callerRetries: 0, failures: {} };
  const call = caller(adapter, stats);
  const start = now();

  const keys = [];
  let marker;
  for (let page = 0; page < 1000; page++) {
    const output = await call(() => adapter.listKeys({ Limit: 1000, ...(marker ? { Marker: marker } : {}) }));
    if (!output) break;
    keys.push(...output.Keys);
    marker = output.Truncated ? output.NextMarker : undefined;
    if (!marker) break;
  }
  const phases = { listKeys: now() - start };
  let mark = now();
  const described = await pool(keys, concurrency, (key) => call(() => adapter.describeKey({ KeyId: key.KeyId })));
  const metadata = described.filter(Boolean).map((output) => output.KeyMetadata);

  phases.describeKey = now() - mark;
  mark = now();
  const aliases = [];
  marker = undefined;
  for (let page = 0; page < 1000; page++) {
    const output = await call(() => adapter.listAliases({ Limit: 100, ...(marker ? { Marker: marker } : {}) }));
    if (!output) break;
    aliases.push(...output.Aliases);
    marker = output.Truncated ? output.NextMarker : undefined;
    if (!marker) break;
  }
  phases.listAliases = now() - mark;
  mark = now();
  const candidates = metadata.filter(hasRotationStatus);
  const statuses = (
    await pool(candidates, concurrency, (m) => call(() => adapter.getKeyRotationStatus({ KeyId: m.KeyId })))
  ).filter(Boolean);

  phases.getKeyRotationStatus = now() - mark;
  const millis = now() - start;
  return {
    millis,
    phases,
    keys: keys.length,
    described: metadata.length,
    aliases: aliases.length,
    statuses: statuses.length,
    rotationEnabled: statuses.filter((s) => s.KeyRotationEnabled).length,
    candidates: candidates.length,
    ...stats,
  };
}

/**
 * Rotates every key of `keyIds` once, `concurrency` at a time, then waits until
 * GetKeyRotationStatus shows no on-demand rotation in progress.
 *
 * `mode`: "rotate" (rotateKeyOnDemand / RotateKeyOnDemandCommand) or "rotateAndWait"
 * (kms-rotate only). The caller's policy, the same for both clients: after a final
 * ThrottlingException it waits a second and sends again (throttling proves KMS did
 * nothing). After an ambiguous failure (kms-rotate: RotationUnconfirmed, its own look at
 * the key did not settle it; the SDK: a 5xx or no answer) it looks at the key after the
 * pass, as the console's "re-check" does, and sends once more only if the key shows no
 * rotation since the first request. Any other error is the key's final outcome.
 * `callLog[keyId]` has the interval of every call the caller made, to tell a client's own
 * retries from the caller's re-sends in kms-local's log.
 */
export async function bulk(adapter, keyIds, { concurrency = 5, mode = "rotate", waitLimitMs = 120_000 } = {}) {
  const calls = Object.fromEntries(keyIds.map((id) => [id, 0]));
  const callLog = Object.fromEntries(keyIds.map((id) => [id, []]));
  const outcomes = {};
  const unconfirmed = [];
  let callerResubmits = 0;
  const start = now();

  const send = async (id) => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      calls[id]++;
      const sentAt = Date.now();
      const call = { start: sentAt, end: 0, outcome: "ok" };
      callLog[id].push(call);
      try {
        if (mode === "rotateAndWait") await adapter.rotateAndWait({ KeyId: id });
        else await adapter.rotate({ KeyId: id });
        return "ok";
      } catch (error) {
        const code = adapter.code(error);
        call.outcome = code;
        if (THROTTLED.has(code) && attempt < 30) {
          callerResubmits++;
          call.end = Date.now();
          await sleep(1000);
          continue;
        }
        if (adapter.ambiguous(error)) unconfirmed.push({ id, sentAt });
        return code;
      } finally {
        call.end ||= Date.now();
      }
    }
    return "gave up";
  };
  const firstPass = await pool(keyIds, concurrency, send);
  const told = Object.fromEntries(keyIds.map((id, i) => [id, firstPass[i]]));
  firstPass.forEach((outcome) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1));

  // The re-check of keys whose rotation failed ambiguously.
  const recheck = { confirmed: 0, resent: 0, resentOutcomes: {} };
  for (const { id, sentAt } of unconfirmed) {
    let status;
    let history;
    try {
      status = await adapter.getKeyRotationStatus({ KeyId: id });
      history = await adapter.listKeyRotations({ KeyId: id, Limit: 1000 });
    } catch (error) {
      // Still unknown: leave the key alone rather than risk a second rotation.
      recheck.unreadable = (recheck.unreadable ?? 0) + 1;
      continue;
    }
    const since = sentAt - 5000;
    const shown =
      (status.OnDemandRotationStartDate && status.OnDemandRotationStartDate.getTime() >= since) ||
      (history.Rotations ?? []).some((r) => r.RotationType === "ON_DEMAND" && r.RotationDate.getTime() >= since);
    if (shown) {
      recheck.confirmed++;
      told[id] = "ok (re-check)";
    } else {
      recheck.resent++;
      const outcome = await send(id);
      recheck.resentOutcomes[outcome] = (recheck.resentOutcomes[outcome] ?? 0) + 1;
      told[id] = outcome === "ok" ? "ok (re-sent after re-check)" : outcome;
    }
  }
  const sentMillis = now() - start;

  // Wait until no rotation is in progress (bounded).
  let inProgress = keyIds.length;
  let polls = 0;
  while (now() - start < waitLimitMs) {
    polls++;
    const statuses = await pool(keyIds, 10, async (id) => {
      for (let attempt = 1; attempt <= 10; attempt++) {
        try {
          return await adapter.getKeyRotationStatus({ KeyId: id });
        } catch (error) {
          if (!THROTTLED.has(adapter.code(error))) return { failed: adapter.code(error) };
          await sleep(200);
        }
      }
      return { failed: "throttled" };
    });
    inProgress = statuses.filter((s) => s.failed || s.OnDemandRotationStartDate).length;
    if (inProgress === 0) break;
    await sleep(200);
  }

  return {
    millis: now() - start,
    sentMillis,
    outcomes,
    callerResubmits,
    callerCalls: calls,
    callLog,
    told,
    unconfirmed: unconfirmed.length,
    recheck,
    polls,
    stillInProgress: inProgress,
  };
}
