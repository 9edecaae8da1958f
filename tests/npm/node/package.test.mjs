// The packed kms-rotate tarball, installed into a fresh project, against kms-local over
// HTTP. Run by tests/npm/run.sh, which copies this file next to the installed package
// and sets KMS_LOCAL_URL.
import { test, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  KmsClient,
  KmsError,
  KmsServiceError,
  KmsNetworkError,
  KmsInputError,
  KmsCredentialsError,
  KmsResponseError,
  KmsRotationUnconfirmedError,
  KmsRotationTrackingError,
  KmsWaitTimeoutError,
  parseKeyId,
  parseCredentials,
  regions,
  signRequest,
  wrapKeyMaterial,
  sealReceipts,
  verifyReceipts,
} from "kms-rotate";
import { DEMO, EXPIRED, KEYS, adminOf, startKmsLocal } from "./kms-local.mjs";
import { createRequire } from "node:module";
import { join } from "node:path";

const url = process.env.KMS_LOCAL_URL;
assert.ok(url, "KMS_LOCAL_URL must point at kms-local");
const admin = adminOf(url);
const region = "us-east-1";
const client = (options = {}) => new KmsClient({ region, endpoint: url, credentials: DEMO, ...options });

before(async () => {
  assert.equal((await admin.health()).status, "ok");
});

beforeEach(async () => {
  await admin.reset();
});

// ---- every method -------------------------------------------------------------------------

test("regions(partition) lists a partition's Regions from kms-core's table", () => {
  const aws = regions();
  assert.ok(aws.includes("us-east-1") && aws.includes("eu-west-1") && aws.includes("ap-southeast-2"), aws.join());
  assert.equal(new Set(aws).size, aws.length);
  assert.ok(aws.every((region) => !region.endsWith("-global")));
  assert.deepEqual(regions("aws-cn"), ["cn-north-1", "cn-northwest-1"]);
  assert.deepEqual(regions("aws-us-gov"), ["us-gov-east-1", "us-gov-west-1"]);
  assert.throws(() => regions("azure"), (error) => error instanceof KmsInputError && error.field === "partition" && /not a partition/.test(error.message));
});

test("listKeys pages with Limit and Marker, in wire shapes", async () => {
  const kms = client();
  const first = await kms.listKeys({ Limit: 2 });
  assert.equal(first.Keys.length, 2);
  assert.equal(first.Truncated, true);
  assert.equal(typeof first.NextMarker, "string");
  assert.match(first.Keys[0].KeyArn, /^arn:aws:kms:us-east-1:111122223333:key\//);
  const second = await kms.listKeys({ Limit: 2, Marker: first.NextMarker });
  assert.notEqual(second.Keys[0].KeyId, first.Keys[0].KeyId);
});

test("keys() iterates every key across pages", async () => {
  const kms = client();
  const all = (await kms.listKeys({ Limit: 1000 })).Keys.map((k) => k.KeyId);
  const iterated = [];
  for await (const key of kms.keys({ Limit: 3 })) iterated.push(key.KeyId);
  assert.deepEqual(iterated, all);
  assert.ok(all.includes(KEYS.payments));
  const pages = (await admin.log("ListKeys")).length;
  assert.equal(pages, 1 + Math.ceil(all.length / 3), "one ListKeys request per page");
});

test("describeKey returns KeyMetadata with Date timestamps", async () => {
  const { KeyMetadata } = await client().describeKey({ KeyId: "alias/payments" });
  assert.equal(KeyMetadata.KeyId, KEYS.payments);
  assert.equal(KeyMetadata.KeyState, "Enabled");
  assert.equal(KeyMetadata.KeySpec, "SYMMETRIC_DEFAULT");
  assert.equal(KeyMetadata.KeyManager, "CUSTOMER");
  assert.ok(KeyMetadata.CreationDate instanceof Date);
  assert.ok(KeyMetadata.CreationDate.getTime() < Date.now());
});

test("listAliases and aliases() (all, and of one key)", async () => {
  const kms = client();
  const page = await kms.listAliases({ Limit: 2 });
  assert.equal(page.Aliases.length, 2);
  const names = [];
  for await (const alias of kms.aliases({ Limit: 2 })) names.push(alias.AliasName);
  assert.ok(names.includes("alias/payments") && names.includes("alias/aws/s3"));
  const mine = [];
  for await (const alias of kms.aliases({ KeyId: KEYS.payments })) mine.push(alias.AliasName);
  assert.deepEqual(mine, ["alias/payments"]);
});

test("getKeyRotationStatus, enableKeyRotation and disableKeyRotation", async () => {
  const kms = client();
  const before = await kms.getKeyRotationStatus({ KeyId: KEYS.orders });
  assert.equal(before.KeyRotationEnabled, false);
  assert.deepEqual(await kms.enableKeyRotation({ KeyId: KEYS.orders, RotationPeriodInDays: 180 }), {});
  const enabled = await kms.getKeyRotationStatus({ KeyId: KEYS.orders });
  assert.equal(enabled.KeyRotationEnabled, true);
  assert.equal(enabled.RotationPeriodInDays, 180);
  assert.ok(enabled.NextRotationDate instanceof Date);
  await kms.disableKeyRotation({ KeyId: KEYS.orders });
  assert.equal((await kms.getKeyRotationStatus({ KeyId: KEYS.orders })).KeyRotationEnabled, false);
});

test("listKeyRotations and keyRotations() walk the history", async () => {
  const kms = client();
  const page = await kms.listKeyRotations({ KeyId: KEYS.payments, Limit: 3 });
  assert.equal(page.Rotations.length, 3);
  assert.equal(page.Truncated, true);
  assert.ok(page.Rotations[0].RotationDate instanceof Date);
  const types = [];
  for await (const rotation of kms.keyRotations({ KeyId: KEYS.payments, Limit: 3 })) {
    types.push(rotation.RotationType);
  }
  assert.equal(types.filter((t) => t === "ON_DEMAND").length, 5);
  assert.equal(types.filter((t) => t === "AUTOMATIC").length, 3);
});

test("rotateKeyOnDemand starts a rotation that getKeyRotationStatus shows", async () => {
  const kms = client();
  const output = await kms.rotateKeyOnDemand({ KeyId: KEYS.reports });
  assert.equal(output.KeyId, KEYS.reports);
  const status = await kms.getKeyRotationStatus({ KeyId: KEYS.reports });
  assert.ok(status.OnDemandRotationStartDate instanceof Date);
});

test("rotateAndWait resolves with the new history entry once KMS completes it", async () => {
  const kms = client();
  const events = [];
  const done = await kms.rotateAndWait({ KeyId: KEYS.reports, onProgress: (e) => events.push(e) });
  assert.equal(done.KeyId, KEYS.reports);
  assert.equal(done.Rotation.RotationType, "ON_DEMAND");
  assert.ok(done.Rotation.RotationDate instanceof Date);
  assert.ok(done.StartedAt instanceof Date && done.CompletedAt instanceof Date);
  assert.ok(done.CompletedAt >= done.StartedAt);
  assert.equal(done.OnDemandRotationsUsed, 1);
  assert.equal(done.OnDemandRotationsRemaining, 24);
  const stages = events.map((e) => e.Stage);
  assert.equal(stages[0], "STARTED");
  assert.equal(stages.at(-1), "COMPLETED");
  assert.ok(events[0].StartedAt instanceof Date);
  // The entry is the one the history lists, member for member.
  const history = [];
  for await (const entry of kms.keyRotations({ KeyId: KEYS.reports })) history.push(entry);
  assert.deepEqual(done.Rotation, history.at(-1));
  assert.deepEqual(events.at(-1).Rotation, done.Rotation);
  const status = await kms.getKeyRotationStatus({ KeyId: KEYS.reports });
  assert.equal(status.OnDemandRotationStartDate, undefined);
  assert.equal((await admin.log("RotateKeyOnDemand")).length, 1);
});

test("checkRotationEligibility explains why a key can or cannot be rotated", async () => {
  const kms = client();
  const ok = await kms.checkRotationEligibility(KEYS.orders);
  assert.equal(ok.Eligible, true);
  assert.equal(ok.KeyMetadata.KeyId, KEYS.orders);
  assert.ok(ok.KeyMetadata.CreationDate instanceof Date);
  assert.equal(typeof ok.RotationStatus.KeyRotationEnabled, "boolean");
  // Every key material (ALL_KEY_MATERIAL): the original one too, which has no RotationDate.
  const onDemand = ok.Rotations.filter((r) => r.RotationType === "ON_DEMAND");
  assert.equal(onDemand.length, 2);
  assert.ok(onDemand.every((r) => r.RotationDate instanceof Date && /^[0-9a-f]{64}$/.test(r.KeyMaterialId)));
  assert.equal(ok.OnDemandRotationsUsed + ok.OnDemandRotationsRemaining, 25);
  assert.match(ok.Summary, /^eligible/);
  const exhausted = await kms.checkRotationEligibility({ KeyId: "alias/exhausted" });
  assert.equal(exhausted.Eligible, false);
  assert.ok(exhausted.Reasons.length >= 1);
  const asymmetric = await kms.checkRotationEligibility(KEYS.signingRsa);
  assert.equal(asymmetric.Eligible, false);
  // An asymmetric key has no rotation status or history to read.
  assert.equal(asymmetric.RotationStatus, undefined);
  assert.equal(asymmetric.Rotations, undefined);
  assert.ok(asymmetric.Reasons.some((reason) => reason.Code === "NotSymmetric" && !reason.Transient));
});

// ---- errors -------------------------------------------------------------------------------

test("KmsServiceError carries code, httpStatus, requestId and retryable", async () => {
  const error = await client()
    .describeKey({ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" })
    .then(() => assert.fail("resolved"), (e) => e);
  assert.ok(error instanceof KmsServiceError && error instanceof KmsError && error instanceof Error);
  assert.equal(error.name, "KmsServiceError");
  assert.equal(error.code, "NotFoundException");
  assert.equal(error.httpStatus, 400);
  assert.match(error.requestId, /\S/);
  assert.equal(error.retryable, false);
  assert.match(error.stack, /KmsServiceError/);
});

test("LimitExceededException after 25 on-demand rotations is final", async () => {
  const error = await client()
    .rotateKeyOnDemand({ KeyId: KEYS.exhausted })
    .then(() => assert.fail("resolved"), (e) => e);
  assert.ok(error instanceof KmsServiceError);
  assert.equal(error.code, "LimitExceededException");
  assert.equal(error.retryable, false);
  assert.equal((await admin.log("RotateKeyOnDemand")).length, 1, "not retried");
});

test("KmsInputError for malformed identifiers and aliases where a key is needed", async () => {
  const kms = client();
  await assert.rejects(kms.rotateKeyOnDemand({ KeyId: "alias/payments" }), (e) => {
    assert.ok(e instanceof KmsInputError);
    assert.equal(e.name, "KmsInputError");
    return true;
  });
  await assert.rejects(kms.describeKey({ KeyId: "not a key" }), KmsInputError);
  await assert.rejects(kms.listKeys({ Limit: 0 }), KmsInputError);
  await assert.rejects(kms.rotateAndWait({}), KmsInputError);
  // An input that is not an object, for one call and for every page of a list.
  await assert.rejects(kms.describeKey("alias/orders"), /DescribeKey takes an input object/);
  await assert.rejects(kms.keys("all").next(), /ListKeys takes an input object/);
  assert.throws(() => new KmsClient({ credentials: DEMO }), KmsInputError);
  assert.throws(() => new KmsClient({ region: "not a region!", credentials: DEMO }), KmsInputError);
  assert.equal((await admin.log()).length, 0, "nothing was sent");
});

/** A loopback port with nothing listening: bound once, then closed. */
async function closedPort() {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("KmsNetworkError: a refused connection is NotConnected, and a rotation is then sent again", async () => {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  await assert.rejects(client({ endpoint, maxAttempts: 1 }).listKeys(), (e) => {
    assert.ok(e instanceof KmsNetworkError, `${e.name}: ${e.message}`);
    assert.equal(e.code, "NotConnected", "Node says the connection was refused");
    assert.equal(e.httpStatus, undefined);
    assert.match(e.message, /ECONNREFUSED/);
    return true;
  });
  // Nothing reached a server, so retrying RotateKeyOnDemand is safe: the client retries
  // and ends with the network error, not with "unconfirmed" (which would mean it might
  // have rotated).
  const started = Date.now();
  await assert.rejects(client({ endpoint, maxAttempts: 2 }).rotateKeyOnDemand({ KeyId: KEYS.reports }), (e) => {
    assert.ok(e instanceof KmsNetworkError && !(e instanceof KmsRotationUnconfirmedError), `${e.name}: ${e.message}`);
    assert.equal(e.code, "NotConnected");
    return true;
  });
  assert.ok(Date.now() - started < 5_000, "no confirmation round after a refused connection");
});

test("KmsNetworkError: timeout (timeoutMs) and caller abort (signal)", async () => {
  await admin.faults({ kind: "delay", ms: 1500, op: "ListKeys" });
  await assert.rejects(client({ timeoutMs: 200, maxAttempts: 1 }).listKeys(), (e) => {
    assert.ok(e instanceof KmsNetworkError);
    assert.equal(e.code, "TimedOut");
    return true;
  });
  // Aborted before anything was sent: the plain abort error, and no rotation.
  const before = new AbortController();
  before.abort();
  await assert.rejects(client().rotateAndWait({ KeyId: KEYS.reports, signal: before.signal }), (e) => {
    assert.ok(e instanceof KmsNetworkError && !(e instanceof KmsRotationTrackingError), `${e.name}: ${e.message}`);
    assert.equal(e.code, "Aborted");
    assert.equal(e.rotationStarted, false);
    return true;
  });
  assert.equal((await admin.log("RotateKeyOnDemand")).length, 0, "nothing sent");
  // Aborted once KMS accepted the rotation: the rotation started, and the abort is the cause.
  const controller = new AbortController();
  const waiting = client().rotateAndWait({
    KeyId: KEYS.reports,
    signal: controller.signal,
    onProgress: (event) => event.Stage === "STARTED" && controller.abort(),
  });
  await assert.rejects(waiting, (e) => {
    assert.ok(e instanceof KmsRotationTrackingError, `${e.name}: ${e.message}`);
    assert.equal(e.rotationStarted, true);
    assert.ok(e.cause instanceof KmsNetworkError, `cause ${e.cause?.name}`);
    assert.equal(e.cause.code, "Aborted");
    return true;
  });
});

test("KmsCredentialsError: a failing provider, expired credentials, malformed credentials", async () => {
  await assert.rejects(
    client({ credentials: async () => { throw new Error("sso session ended"); } }).listKeys(),
    (e) => e instanceof KmsCredentialsError && /sso session ended/.test(e.message),
  );
  await assert.rejects(
    client({ credentials: { ...DEMO, expiration: new Date(Date.now() - 60_000) } }).listKeys(),
    KmsCredentialsError,
  );
  assert.throws(() => client({ credentials: { accessKeyId: "only" } }), KmsCredentialsError);
});

test("KmsResponseError: a body that is not JSON", async () => {
  await admin.faults({ kind: "non_json", op: "ListKeys" });
  await assert.rejects(client({ maxAttempts: 1 }).listKeys(), (e) => {
    assert.ok(e instanceof KmsResponseError);
    assert.equal(e.httpStatus, 200);
    return true;
  });
});

/** A server that answers every request with `page(n)`, the n-th JSON body; `close` stops it. */
async function pagingServer(page) {
  const { createServer } = await import("node:http");
  let n = 0;
  const server = createServer((request, response) => {
    request.resume().on("end", () => {
      response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(page(n++)));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}/`;
  return { endpoint, requests: () => n, close: () => new Promise((resolve) => server.close(resolve)) };
}

const collect = async (iterable) => {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
};

test("keys() refuses a Truncated page without a NextMarker instead of ending the list short", async () => {
  for (const NextMarker of [undefined, null, ""]) {
    const server = await pagingServer(() => ({ Keys: [{ KeyId: "a" }], NextMarker, Truncated: true }));
    try {
      await assert.rejects(collect(client({ endpoint: server.endpoint }).keys()), (e) => {
        assert.ok(e instanceof KmsResponseError, String(e));
        assert.match(e.message, /ListKeys said Truncated=true without a NextMarker/);
        assert.match(e.message, /check the endpoint URL/);
        assert.equal(e.retryable, false);
        return true;
      });
      assert.equal(server.requests(), 1);
    } finally {
      await server.close();
    }
  }
});

test("aliases() refuses a repeated NextMarker, and stops after 10,000 pages", async () => {
  const repeated = await pagingServer(() => ({ Aliases: [], NextMarker: "same", Truncated: true }));
  try {
    await assert.rejects(collect(client({ endpoint: repeated.endpoint }).aliases()), (e) => {
      assert.ok(e instanceof KmsResponseError, String(e));
      assert.match(e.message, /ListAliases returned the same NextMarker twice/);
      return true;
    });
    assert.equal(repeated.requests(), 2);
  } finally {
    await repeated.close();
  }
  const endless = await pagingServer((n) => ({ Aliases: [], NextMarker: `m${n}`, Truncated: true }));
  try {
    await assert.rejects(collect(client({ endpoint: endless.endpoint }).aliases()), (e) => {
      assert.ok(e instanceof KmsResponseError, String(e));
      assert.match(e.message, /ListAliases was still truncated after 10000 pages/);
      return true;
    });
    assert.equal(endless.requests(), 10_000);
  } finally {
    await endless.close();
  }
});

test("KmsRotationUnconfirmedError: an ambiguous failure KMS does not show as a rotation", async () => {
  // A 500 leaves open whether KMS acted (here it did not): the client looks, finds no
  // rotation, and says so instead of resending.
  await admin.faults({ kind: "500", op: "RotateKeyOnDemand" });
  await assert.rejects(client().rotateKeyOnDemand({ KeyId: KEYS.reports }), (e) => {
    assert.ok(e instanceof KmsRotationUnconfirmedError, `${e.name}: ${e.message}`);
    assert.equal(e.keyId, KEYS.reports);
    assert.ok(e.sentAt instanceof Date);
    assert.ok(e.cause instanceof KmsServiceError);
    assert.equal(e.httpStatus, 500);
    return true;
  });
  assert.equal((await admin.log("RotateKeyOnDemand")).length, 1, "never resent");
});

// ---- the four outcomes of a rotation (issue 9) ---------------------------------------------

/** kms-local's RotateKeyOnDemand requests for `keyId`, and those it carried out. */
async function rotationsOf(keyId) {
  const sent = (await admin.log("RotateKeyOnDemand")).filter((e) => e.keyId === keyId);
  return { sent: sent.length, performed: sent.filter((e) => e.performed).length };
}

test("path 1: a 500 before KMS acted, after a recent rotation, is unconfirmed, never 'started'", async () => {
  const kms = client();
  await kms.rotateAndWait({ KeyId: KEYS.reports });
  // KMS refuses the next rotation with a 500 without acting: the recent rotation in the
  // history predates the request, so it proves nothing (the old time window said "started").
  await admin.faults({ kind: "500", op: "RotateKeyOnDemand" });
  await assert.rejects(kms.rotateKeyOnDemand({ KeyId: KEYS.reports }), (e) => {
    assert.ok(e instanceof KmsRotationUnconfirmedError, `${e.name}: ${e.message}`);
    assert.equal(e.code, "RotationUnconfirmed");
    assert.equal(e.retryable, false);
    assert.equal(e.rotationStarted, false);
    assert.equal(e.keyId, KEYS.reports);
    assert.ok(e.cause instanceof KmsServiceError && e.cause.httpStatus === 500, `cause ${e.cause?.name}`);
    return true;
  });
  assert.deepEqual(await rotationsOf(KEYS.reports), { sent: 2, performed: 1 }, "one rotation performed in total");
});

test("path 2: 503s on GetKeyRotationStatus after KMS accepted the rotation: KmsRotationTrackingError, then waitForRotation", async () => {
  const kms = client({ maxAttempts: 2 });
  let injected;
  const before = Date.now();
  await assert.rejects(
    kms.rotateAndWait({
      KeyId: KEYS.reports,
      // Tracking polls after a second; the status reads from then on answer 503.
      onProgress: (event) => {
        if (event.Stage === "STARTED") injected = admin.faults({ kind: "503", op: "GetKeyRotationStatus", count: 10 });
      },
    }),
    (e) => {
      assert.ok(e instanceof KmsRotationTrackingError, `${e.name}: ${e.message}`);
      assert.ok(e instanceof KmsError && e instanceof Error);
      assert.equal(e.name, "KmsRotationTrackingError");
      assert.equal(e.code, "RotationTrackingFailed");
      assert.equal(e.rotationStarted, true);
      assert.equal(e.retryable, false);
      assert.equal(e.keyId, KEYS.reports);
      assert.ok(e.startedAt instanceof Date && e.startedAt.getTime() >= before - 5_000, `startedAt ${e.startedAt}`);
      assert.ok(e.cause instanceof KmsServiceError, `cause ${e.cause?.name}`);
      assert.equal(e.cause.code, "ServiceUnavailableException");
      assert.equal(e.cause.httpStatus, 503);
      assert.equal(e.httpStatus, 503, "the cause's status");
      assert.equal(e.requestId, e.cause.requestId);
      assert.match(e.message, /started/);
      return true;
    },
  );
  await injected;
  await admin.clearFaults();
  const events = [];
  const done = await kms.waitForRotation({ KeyId: KEYS.reports, onProgress: (event) => events.push(event.Stage) });
  assert.equal(done.KeyId, KEYS.reports);
  assert.equal(done.Rotation.RotationType, "ON_DEMAND");
  assert.ok(done.StartedAt instanceof Date && done.CompletedAt instanceof Date);
  assert.equal(done.OnDemandRotationsUsed, 1);
  assert.equal(done.OnDemandRotationsRemaining, 24);
  assert.equal(events.at(-1), "COMPLETED");
  assert.deepEqual(await rotationsOf(KEYS.reports), { sent: 1, performed: 1 }, "one RotateKeyOnDemand, performed once");
});

test("waitForRotation on a key never rotated on demand is an input error, and sends nothing", async () => {
  await assert.rejects(client().waitForRotation({ KeyId: KEYS.reports }), (e) => {
    assert.ok(e instanceof KmsInputError, `${e.name}: ${e.message}`);
    assert.equal(e.field, "KeyId");
    assert.equal(e.retryable, false);
    assert.match(e.message, /no on-demand rotation/);
    return true;
  });
  await assert.rejects(client().waitForRotation({}), KmsInputError);
  assert.equal((await admin.log("RotateKeyOnDemand")).length, 0);
});

test("rotateKeyOnDemand refuses a key already rotating, unsent; waitForRotation follows that rotation", async () => {
  const kms = client();
  await kms.rotateKeyOnDemand({ KeyId: KEYS.reports });
  await assert.rejects(kms.rotateKeyOnDemand({ KeyId: KEYS.reports }), (e) => {
    assert.ok(e instanceof KmsInputError, `${e.name}: ${e.message}`);
    assert.equal(e.field, "KeyId");
    assert.match(e.message, /in progress/);
    return true;
  });
  const events = [];
  const done = await kms.waitForRotation({ KeyId: KEYS.reports, onProgress: (event) => events.push(event.Stage) });
  assert.equal(done.Rotation.RotationType, "ON_DEMAND");
  assert.equal(done.OnDemandRotationsUsed, 1);
  assert.equal(events.at(-1), "COMPLETED");
  assert.deepEqual(await rotationsOf(KEYS.reports), { sent: 1, performed: 1 });
});

test("KmsWaitTimeoutError: rotateAndWait gives up waiting after timeoutMs", async () => {
  // A kms-local of its own whose rotations take a minute.
  const slow = await startKmsLocal(process.env.KMS_LOCAL_BIN, ["--no-quotas", "--quiet", "--rotation-seconds", "60"]);
  try {
    const kms = new KmsClient({ region, endpoint: slow.url, credentials: DEMO });
    const stages = [];
    await assert.rejects(
      kms.rotateAndWait({ KeyId: KEYS.reports, timeoutMs: 1500, onProgress: (e) => stages.push(e.Stage) }),
      (e) => {
        // The rotation started: giving up waiting is a tracking failure, the timeout its cause.
        assert.ok(e instanceof KmsRotationTrackingError, `${e.name}: ${e.message}`);
        assert.ok(e.cause instanceof KmsWaitTimeoutError, `cause ${e.cause?.name}`);
        assert.equal(e.cause.code, "WaitTimedOut");
        assert.equal(e.retryable, false);
        return true;
      },
    );
    assert.deepEqual(stages.slice(0, 2), ["STARTED", "IN_PROGRESS"]);
    // waitForRotation's timeoutMs counts from the call; it saw the rotation in progress,
    // so giving up is a tracking failure too.
    const following = [];
    await assert.rejects(
      kms.waitForRotation({ KeyId: KEYS.reports, timeoutMs: 1500, onProgress: (e) => following.push(e.Stage) }),
      (e) => {
        assert.ok(e instanceof KmsRotationTrackingError, `${e.name}: ${e.message}`);
        assert.ok(e.cause instanceof KmsWaitTimeoutError, `cause ${e.cause?.name}`);
        assert.ok(e.startedAt instanceof Date);
        return true;
      },
    );
    assert.equal(following[0], "IN_PROGRESS");
    assert.equal((await adminOf(slow.url).log("RotateKeyOnDemand")).length, 1, "waitForRotation sent none");
  } finally {
    await slow.stop();
  }
});

test("rotateAndWait with a signal and timeoutMs runs on the client itself: its credentials and clock offset", async () => {
  // A kms-local of its own whose rotations take a minute, and whose clock is 15 minutes
  // ahead for every request.
  const slow = await startKmsLocal(process.env.KMS_LOCAL_BIN, ["--no-quotas", "--quiet", "--rotation-seconds", "60"]);
  try {
    const slowAdmin = adminOf(slow.url);
    await slowAdmin.faults({ kind: "clock_skew", seconds: 900, count: 1000 });
    let provided = 0;
    const kms = new KmsClient({
      region,
      endpoint: slow.url,
      credentials: async () => {
        provided++;
        return { ...DEMO, expiration: new Date(Date.now() + 3_600_000) };
      },
    });
    await kms.listKeys();
    assert.ok(Math.abs(kms.clockOffsetMs - 900_000) < 10_000, `offset ${kms.clockOffsetMs}`);
    assert.equal(provided, 1);

    const controller = new AbortController();
    let abortedAt = 0;
    const stages = [];
    const waiting = kms.rotateAndWait({
      KeyId: KEYS.reports,
      signal: controller.signal,
      timeoutMs: 120_000,
      onProgress: (event) => {
        stages.push(event.Stage);
        if (event.Stage === "IN_PROGRESS" && !abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    await assert.rejects(waiting, (e) => {
      assert.ok(e instanceof KmsRotationTrackingError, `${e.name}: ${e.message}`);
      assert.ok(e.cause instanceof KmsNetworkError, `cause ${e.cause?.name}`);
      assert.equal(e.cause.code, "Aborted");
      return true;
    });
    assert.ok(abortedAt > 0, `the wait was aborted (stages ${stages})`);
    assert.ok(Date.now() - abortedAt < 500, `resolved ${Date.now() - abortedAt} ms after the abort`);
    assert.deepEqual(stages.slice(0, 2), ["STARTED", "IN_PROGRESS"]);

    const log = await slowAdmin.log();
    assert.equal(log.filter((e) => e.op === "RotateKeyOnDemand").length, 1, "the rotation was sent once");
    assert.equal(
      log.filter((e) => e.errorCode === "InvalidSignatureException").length,
      1,
      "the clock offset learned before was used, not learned again",
    );
    assert.equal(provided, 1, "the credentials provider was not asked again");
    assert.ok(Math.abs(kms.clockOffsetMs - 900_000) < 10_000, `offset kept: ${kms.clockOffsetMs}`);

    // The next wait on the same client stops on its deadline, still without asking again;
    // the deadline counts from the rotation, which it never prevents.
    await assert.rejects(
      kms.rotateAndWait({ KeyId: KEYS.orders, timeoutMs: 0 }),
      (e) => e instanceof KmsRotationTrackingError && e.cause instanceof KmsWaitTimeoutError,
    );
    const ordersRotations = (await slowAdmin.log("RotateKeyOnDemand")).filter((e) => e.keyId === KEYS.orders);
    assert.equal(ordersRotations.length, 1, "the rotation was sent before the wait timed out");
    assert.equal(provided, 1);
  } finally {
    await slow.stop();
  }
});

// ---- retries and safety -------------------------------------------------------------------

test("retries after injected throttling", async () => {
  await admin.faults({ kind: "throttle", op: "ListKeys", count: 2 });
  const output = await client().listKeys();
  assert.ok(output.Keys.length > 0);
  const log = await admin.log("ListKeys");
  assert.equal(log.length, 3);
  assert.deepEqual(log.map((e) => e.status), [400, 400, 200]);
});

test("retries after an injected 503, and gives up after maxAttempts", async () => {
  await admin.faults({ kind: "503", op: "DescribeKey" });
  await client().describeKey({ KeyId: KEYS.payments });
  assert.deepEqual((await admin.log("DescribeKey")).map((e) => e.status), [503, 200]);
  await admin.clearLog();
  await admin.faults({ kind: "503", op: "DescribeKey", count: 5 });
  await assert.rejects(client({ maxAttempts: 2 }).describeKey({ KeyId: KEYS.payments }), (e) => {
    assert.ok(e instanceof KmsServiceError);
    assert.equal(e.httpStatus, 503);
    assert.equal(e.retryable, true);
    return true;
  });
  assert.equal((await admin.log("DescribeKey")).length, 2);
});

test("throttled RotateKeyOnDemand is retried (KMS refused it whole)", async () => {
  await admin.faults({ kind: "throttle", op: "RotateKeyOnDemand" });
  await client().rotateKeyOnDemand({ KeyId: KEYS.reports });
  assert.deepEqual((await admin.log("RotateKeyOnDemand")).map((e) => e.status), [400, 200]);
});

test("no second rotation after a dropped connection: the request log shows one", async () => {
  await admin.faults({ kind: "drop", op: "RotateKeyOnDemand" });
  const output = await client().rotateKeyOnDemand({ KeyId: KEYS.reports });
  assert.equal(output.KeyId, KEYS.reports);
  const rotations = await admin.log("RotateKeyOnDemand");
  assert.equal(rotations.length, 1, "RotateKeyOnDemand was sent once");
  assert.equal(rotations[0].fault, "drop");
  assert.ok((await admin.log("GetKeyRotationStatus")).length >= 1, "the outcome was checked instead");
  const [key] = (await admin.keys()).filter((k) => k.keyId === KEYS.reports);
  assert.ok(key.onDemandRotationInProgressSince || key.onDemandRotationsUsed === 1, "one rotation, running or done");
});

test("clock skew: a 15-minute server clock is learned and the request succeeds", async () => {
  // The server's clock stays 15 minutes ahead for the next requests.
  await admin.faults({ kind: "clock_skew", seconds: 900, op: "ListKeys", count: 5 });
  const kms = client();
  await kms.listKeys();
  const log = await admin.log("ListKeys");
  assert.equal(log.length, 2);
  assert.equal(log[0].errorCode, "InvalidSignatureException");
  assert.ok(Math.abs(kms.clockOffsetMs - 900_000) < 10_000, `offset ${kms.clockOffsetMs}`);
});

test("credential provider: cached until near expiry, asked again then", async () => {
  let calls = 0;
  const longLived = client({
    credentials: async () => {
      calls++;
      return { ...DEMO, expiration: new Date(Date.now() + 3_600_000) };
    },
  });
  await longLived.listKeys();
  await longLived.listAliases();
  assert.equal(calls, 1);

  calls = 0;
  const nearExpiry = client({
    credentials: async () => {
      calls++;
      return { ...DEMO, expiration: new Date(Date.now() + 240_000) };
    },
  });
  await nearExpiry.listKeys();
  await nearExpiry.listAliases();
  assert.equal(calls, 2, "credentials within 5 minutes of expiry are refreshed");
});

test("credential provider: ExpiredTokenException makes the client ask again", async () => {
  const handed = [EXPIRED, DEMO];
  let calls = 0;
  const kms = client({ credentials: () => handed[Math.min(calls++, 1)] });
  await kms.listKeys();
  assert.equal(calls, 2);
  const log = await admin.log("ListKeys");
  assert.deepEqual(log.map((e) => e.errorCode ?? null), ["ExpiredTokenException", null]);
});

// ---- pure helpers -------------------------------------------------------------------------

// ---- imported key material ------------------------------------------------------------------

test("import new key material wrapped with WebCrypto, rotate to it, and delete pending material", async () => {
  // GetParametersForImport's quota is 1 per second: enough attempts to wait out throttling.
  const kms = client({ maxAttempts: 10 });
  const KeyId = KEYS.imported;
  const material = globalThis.crypto.getRandomValues(new Uint8Array(32));
  for (const WrappingAlgorithm of ["RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_256"]) {
    const params = await kms.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec: "RSA_2048" });
    assert.ok(params.PublicKey instanceof Uint8Array && params.ImportToken instanceof Uint8Array);
    assert.ok(params.ParametersValidTo instanceof Date);
    assert.ok(params.ParametersValidTo.getTime() - Date.now() > 23 * 3600 * 1000, "valid for 24 hours");
    const EncryptedKeyMaterial = await wrapKeyMaterial({ PublicKey: params.PublicKey, WrappingAlgorithm, material });
    assert.ok(EncryptedKeyMaterial instanceof Uint8Array && EncryptedKeyMaterial.length > 32);
    if (WrappingAlgorithm === "RSA_AES_KEY_WRAP_SHA_256") {
      // The same material again: a re-import of what is pending, not a second new one.
      const rotations = await kms.listKeyRotations({ KeyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" });
      const pending = rotations.Rotations.find((r) => r.KeyMaterialState === "PENDING_ROTATION");
      assert.ok(pending, "the first import waits in PENDING_ROTATION");
      const again = await kms.importKeyMaterial({
        KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial,
        ImportType: "EXISTING_KEY_MATERIAL", KeyMaterialId: pending.KeyMaterialId,
        ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
      });
      assert.equal(again.KeyMaterialId, pending.KeyMaterialId);
      continue;
    }
    const imported = await kms.importKeyMaterial({
      KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial,
      ImportType: "NEW_KEY_MATERIAL", KeyMaterialDescription: "npm test material",
      ValidTo: new Date(Date.now() + 30 * 86400 * 1000),
    });
    assert.match(imported.KeyMaterialId, /^[a-f0-9]{64}$/);
  }
  const rotated = await kms.rotateAndWait({ KeyId, timeoutMs: 60_000 });
  assert.equal(rotated.Rotation.KeyMaterialState, "CURRENT");
  // Another new material, then deleted while pending: the key keeps its current one.
  const params = await kms.getParametersForImport({ KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_3072" });
  const other = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const { KeyMaterialId } = await kms.importKeyMaterial({
    KeyId, ImportToken: params.ImportToken, ImportType: "NEW_KEY_MATERIAL",
    EncryptedKeyMaterial: await wrapKeyMaterial({ PublicKey: params.PublicKey, WrappingAlgorithm: "RSAES_OAEP_SHA_1", material: other }),
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
  });
  const deleted = await kms.deleteImportedKeyMaterial({ KeyId, KeyMaterialId });
  assert.equal(deleted.KeyMaterialId, KeyMaterialId);
  const after = await kms.listKeyRotations({ KeyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" });
  assert.ok(!after.Rotations.some((r) => r.KeyMaterialState === "PENDING_ROTATION"));
  assert.equal((await kms.describeKey({ KeyId })).KeyMetadata.KeyState, "Enabled");
});

test("import errors: another key's token, a re-import of other bytes, bad input refused unsent", async () => {
  const kms = client();
  const params = await kms.getParametersForImport({ KeyId: KEYS.imported, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
  const EncryptedKeyMaterial = await wrapKeyMaterial({ PublicKey: params.PublicKey, WrappingAlgorithm: "RSAES_OAEP_SHA_256", material: new Uint8Array(32) });
  await assert.rejects(
    kms.importKeyMaterial({ KeyId: KEYS.importedReady, ImportToken: params.ImportToken, EncryptedKeyMaterial, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }),
    (error) => error instanceof KmsServiceError && error.code === "InvalidImportTokenException" && Boolean(error.advice),
  );
  await assert.rejects(
    kms.importKeyMaterial({ KeyId: KEYS.imported, ImportToken: params.ImportToken, EncryptedKeyMaterial, ImportType: "EXISTING_KEY_MATERIAL", ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }),
    (error) => error instanceof KmsServiceError && error.code === "IncorrectKeyMaterialException",
  );
  const sent = (await admin.log("ImportKeyMaterial")).length;
  await assert.rejects(
    kms.importKeyMaterial({ KeyId: KEYS.imported, ImportToken: params.ImportToken, EncryptedKeyMaterial }),
    (error) => error instanceof KmsInputError && error.field === "ValidTo",
  );
  await assert.rejects(
    kms.getParametersForImport({ KeyId: KEYS.imported, WrappingAlgorithm: "RSAES_OAEP_SHA_256" }),
    (error) => error instanceof KmsInputError && error.field === "WrappingKeySpec",
  );
  await assert.rejects(
    wrapKeyMaterial({ PublicKey: params.PublicKey, WrappingAlgorithm: "RSAES_PKCS1_V1_5", material: new Uint8Array(32) }),
    (error) => error instanceof KmsInputError && error.field === "WrappingAlgorithm",
  );
  await assert.rejects(
    wrapKeyMaterial({ PublicKey: new Uint8Array([1, 2, 3]), WrappingAlgorithm: "RSAES_OAEP_SHA_256", material: new Uint8Array(32) }),
    (error) => error instanceof KmsInputError && error.field === "PublicKey",
  );
  assert.equal((await admin.log("ImportKeyMaterial")).length, sent, "refused inputs are not sent");
});

test("tags and last use: listResourceTags, tagResource, untagResource, getKeyLastUsage", async () => {
  const kms = client();
  const KeyId = KEYS.payments;
  const tags = await kms.listResourceTags({ KeyId });
  assert.deepEqual(
    tags.Tags.find((t) => t.TagKey === "team"),
    { TagKey: "team", TagValue: "payments" },
  );
  assert.deepEqual(await kms.tagResource({ KeyId, Tags: [{ TagKey: "cost-center", TagValue: "42" }] }), {});
  const after = await kms.listResourceTags({ KeyId, Limit: 50 });
  assert.ok(after.Tags.some((t) => t.TagKey === "cost-center" && t.TagValue === "42"));
  await kms.untagResource({ KeyId, TagKeys: ["cost-center"] });
  assert.ok(!(await kms.listResourceTags({ KeyId })).Tags.some((t) => t.TagKey === "cost-center"));
  await assert.rejects(
    kms.tagResource({ KeyId, Tags: [{ TagKey: "aws:owner", TagValue: "x" }] }),
    (error) => error instanceof KmsInputError && error.field === "TagKey",
  );
  const usage = await kms.getKeyLastUsage({ KeyId });
  assert.equal(usage.KeyLastUsage.Operation, "Decrypt");
  assert.ok(usage.KeyLastUsage.Timestamp instanceof Date);
  assert.ok(usage.TrackingStartDate instanceof Date);
  assert.match(usage.KeyLastUsage.CloudTrailEventId, /^[0-9a-f-]{36}$/);
});

test("receipts: sealed, verified offline, and a changed byte, a removed or moved entry named", async () => {
  const entries = [1, 2, 3].map((n) => ({
    account: "111122223333",
    region,
    keyArn: `arn:aws:kms:${region}:111122223333:key/k${n}`,
    requestId: `r-${n}`,
    sentAt: "2026-12-03T10:00:00Z",
    keyMaterialBefore: "a".repeat(64),
    keyMaterialAfter: "b".repeat(64),
    historyEntry: { KeyMaterialId: "b".repeat(64), RotationType: "ON_DEMAND" },
  }));
  const file = await sealReceipts(entries);
  const ok = await verifyReceipts(file);
  assert.equal(ok.valid, true);
  assert.equal(ok.count, 3);
  assert.match(ok.digest, /^[0-9a-f]{64}$/);
  assert.equal((await verifyReceipts(JSON.parse(file), { expectedDigest: ok.digest })).valid, true);
  assert.equal((await verifyReceipts(file, { expectedDigest: "0".repeat(64) })).valid, false);
  // One byte of the second entry changed.
  const changed = file.replace("r-2", "r-9");
  const bad = await verifyReceipts(changed);
  assert.equal(bad.valid, false);
  assert.equal(bad.entry, 1);
  assert.match(bad.problem, /entry 2 \(arn:aws:kms:us-east-1:111122223333:key\/k2\) was changed/);
  // An entry removed, entries swapped, the tail cut.
  const parsed = JSON.parse(file);
  const removed = { ...parsed, receipts: [parsed.receipts[0], parsed.receipts[2]] };
  assert.equal((await verifyReceipts(removed)).entry, 1);
  const swapped = { ...parsed, receipts: [parsed.receipts[1], parsed.receipts[0], parsed.receipts[2]] };
  assert.equal((await verifyReceipts(swapped)).entry, 0);
  const cut = { ...parsed, receipts: parsed.receipts.slice(0, 2) };
  assert.match((await verifyReceipts(cut)).problem, /last entries were removed/);
  assert.match((await verifyReceipts("{")).problem, /not JSON/);
  assert.match((await verifyReceipts("{}")).problem, /not a receipts file/);
});

test("parseKeyId: every form, and errors that name the problem", () => {
  assert.deepEqual(parseKeyId(KEYS.payments), {
    type: "keyId",
    keyId: KEYS.payments,
    multiRegion: false,
    rotatable: true,
  });
  const arn = parseKeyId(`arn:aws-cn:kms:cn-north-1:111122223333:key/${KEYS.orders}`);
  assert.equal(arn.type, "keyArn");
  assert.equal(arn.partition, "aws-cn");
  assert.equal(arn.region, "cn-north-1");
  assert.equal(arn.accountId, "111122223333");
  assert.equal(parseKeyId("alias/payments").rotatable, false);
  assert.equal(parseKeyId("mrk-dec0de00000040008000000000000013").multiRegion, true);
  assert.throws(() => parseKeyId("arn:aws:s3:::bucket"), (e) => e instanceof KmsInputError && /kms/i.test(e.message));
  assert.throws(() => parseKeyId(""), KmsInputError);
});

test("parseCredentials: env exports and CLI JSON", () => {
  const env = parseCredentials(
    `export AWS_ACCESS_KEY_ID=${DEMO.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${DEMO.secretAccessKey}\nexport AWS_SESSION_TOKEN=${DEMO.sessionToken}\n`,
  );
  assert.equal(env.accessKeyId, DEMO.accessKeyId);
  assert.equal(env.sessionToken, DEMO.sessionToken);
  const json = parseCredentials(
    JSON.stringify({
      Version: 1,
      AccessKeyId: DEMO.accessKeyId,
      SecretAccessKey: DEMO.secretAccessKey,
      SessionToken: DEMO.sessionToken,
      Expiration: "2030-01-01T00:00:00Z",
    }),
  );
  assert.ok(json.expiration instanceof Date);
  assert.equal(json.expiration.toISOString(), "2030-01-01T00:00:00.000Z");
  assert.throws(() => parseCredentials("hello"), KmsInputError);
});

test("signRequest matches the AWS SigV4 test suite (get-vanilla)", () => {
  const headers = signRequest({
    method: "GET",
    url: "https://example.amazonaws.com/",
    headers: { host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z" },
    region: "us-east-1",
    service: "service",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    signingDate: new Date("2015-08-30T12:36:00Z"),
  });
  assert.equal(
    headers.authorization,
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  );
});

test("signRequest: text and binary bodies sign alike, line feeds in fields are refused", () => {
  const request = (body) =>
    signRequest({
      method: "post",
      url: "https://example.amazonaws.com/a/b?x=1",
      headers: [["X-Amz-Date", "20150830T123600Z"], ["content-type", "text/plain"]],
      body,
      region: "us-east-1",
      service: "service",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token" },
      signingDate: new Date("2015-08-30T12:36:00Z"),
    });
  const text = "line one\nline two\n\n";
  const signed = request(text);
  assert.equal(signed["x-amz-date"], "20150830T123600Z");
  assert.equal(signed["content-type"], "text/plain");
  assert.equal(signed["x-amz-security-token"], "token");
  assert.equal(request(new TextEncoder().encode(text)).authorization, signed.authorization);
  assert.equal(request(new TextEncoder().encode(text).buffer).authorization, signed.authorization);
  assert.notEqual(request("line one").authorization, signed.authorization);
  assert.equal(request(undefined).authorization, request("").authorization);
  assert.throws(
    () => signRequest({ url: "https://example.amazonaws.com/", region: "us-east-1\n", service: "s", credentials: DEMO }),
    KmsInputError,
  );
  assert.throws(
    () => signRequest({ url: "https://example.amazonaws.com/", headers: { a: "b\nc" }, region: "us-east-1", service: "s", credentials: DEMO }),
    KmsInputError,
  );
});

test("signRequest signs a KMS request that kms-local accepts", async () => {
  const body = JSON.stringify({ KeyId: KEYS.payments });
  const headers = signRequest({
    method: "POST",
    url: `${url}/`,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "TrentService.DescribeKey" },
    body,
    region,
    service: "kms",
    credentials: DEMO,
  });
  assert.equal(headers["x-amz-security-token"], DEMO.sessionToken);
  const response = await fetch(`${url}/`, { method: "POST", headers, body });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).KeyMetadata.KeyId, KEYS.payments);
});

// ---- an estate: credentials from an AWS SDK provider --------------------------------------

test("credentials from an AWS SDK provider: fromTemporaryCredentials assumes a role through kms-local's STS", async (t) => {
  const modules = process.env.KMS_TEST_NODE_MODULES;
  if (!modules) return t.skip("KMS_TEST_NODE_MODULES is not set (run through tests/npm/run.sh)");
  const { fromTemporaryCredentials } = createRequire(join(modules, "index.js"))("@aws-sdk/credential-providers");
  const assumed = (account, role = "KmsRotateOperator") =>
    fromTemporaryCredentials({
      masterCredentials: { ...DEMO }, // a copy: the SDK marks the object it is given
      params: { RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: "kms-rotate-test", DurationSeconds: 900 },
      clientConfig: { region: "eu-west-1", endpoint: url },
    });
  for (const account of ["444455556666", "777788889999"]) {
    const kms = new KmsClient({ region: "eu-west-1", endpoint: url, credentials: assumed(account) });
    const arns = [];
    for await (const key of kms.keys()) arns.push(key.KeyArn);
    assert.ok(arns.length > 0, `keys of ${account}`);
    assert.ok(arns.every((arn) => arn.startsWith(`arn:aws:kms:eu-west-1:${account}:key/`)), arns.join());
  }
  const denied = new KmsClient({ region: "eu-west-1", endpoint: url, credentials: assumed("444455556666", "SomeOtherRole") });
  await assert.rejects(denied.listKeys({}), (error) => error instanceof KmsCredentialsError && /AccessDenied|not authorized/.test(error.message));
});
