// The rotation rules, through @aws-sdk/client-kms: rotate to completion, the 25-rotation
// limit, conflicts, unsupported keys, key states, validation, markers, quotas and the log.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  RotateKeyOnDemandCommand, GetKeyRotationStatusCommand, ListKeyRotationsCommand,
  ListKeysCommand, CreateKeyCommand, EnableKeyRotationCommand,
} from '@aws-sdk/client-kms';
import {
  kms, admin, reset, rejectsWith, eventually, sleep, KEYS, arn, PARTNER_ACCOUNT,
} from './helpers.mjs';

// RotateKeyOnDemand is limited to 5 requests per second: tests that make many pace them.
const pace = () => sleep(250);

const client = kms();
const rotations = async (KeyId, extra = {}) =>
  (await client.send(new ListKeyRotationsCommand({ KeyId, ...extra }))).Rotations;
const waitUntilDone = (KeyId) =>
  eventually(async () => {
    const s = await client.send(new GetKeyRotationStatusCommand({ KeyId }));
    return s.OnDemandRotationStartDate === undefined;
  });

describe('RotateKeyOnDemand', () => {
  beforeEach(reset);

  it('rotates to completion: in progress, then an ON_DEMAND entry with new material', async () => {
    const before = await rotations(KEYS.payments, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    const out = await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.payments }));
    assert.equal(out.KeyId, KEYS.payments);
    const status = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.payments }));
    assert.ok(status.OnDemandRotationStartDate instanceof Date);
    assert.ok(Math.abs(status.OnDemandRotationStartDate - Date.now()) < 5000);
    await waitUntilDone(KEYS.payments);
    const after = await rotations(KEYS.payments, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    assert.equal(after.length, before.length + 1);
    const last = after.at(-1);
    assert.equal(last.RotationType, 'ON_DEMAND');
    assert.equal(last.KeyMaterialState, 'CURRENT');
    assert.match(last.KeyMaterialId, /^[0-9a-f]{64}$/);
    assert.ok(!before.some((r) => r.KeyMaterialId === last.KeyMaterialId));
    assert.ok(after.slice(0, -1).every((r) => r.KeyMaterialState === 'NON_CURRENT'));
    assert.ok(last.RotationDate instanceof Date);
  });

  it('ListKeyRotations: ROTATIONS_ONLY by default, the first material with ALL_KEY_MATERIAL, pages', async () => {
    const only = await rotations(KEYS.payments);
    assert.equal(only.length, 8); // 3 automatic + 5 on-demand in the demo data
    assert.equal(only.filter((r) => r.RotationType === 'ON_DEMAND').length, 5);
    for (let i = 1; i < only.length; i++) assert.ok(only[i - 1].RotationDate <= only[i].RotationDate);
    const all = await rotations(KEYS.payments, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    assert.equal(all.length, 9);
    assert.equal(all[0].RotationDate, undefined);
    assert.equal(all[0].RotationType, undefined);
    const paged = [];
    let Marker;
    for (let i = 0; i < 20; i++) {
      const out = await client.send(new ListKeyRotationsCommand({ KeyId: KEYS.payments, Limit: 3, Marker }));
      paged.push(...out.Rotations);
      if (!out.Truncated) break;
      Marker = out.NextMarker;
    }
    assert.deepEqual(paged.map((r) => r.KeyMaterialId), only.map((r) => r.KeyMaterialId));
    const ext = await rotations(KEYS.importedReady, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    assert.equal(ext.at(-1).KeyMaterialState, 'PENDING_ROTATION');
    assert.equal(ext.at(-1).ImportState, 'IMPORTED');
  });

  it('allows the 25th on-demand rotation and refuses the 26th with LimitExceededException', async () => {
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.almostExhausted }));
    await waitUntilDone(KEYS.almostExhausted);
    const n = (await rotations(KEYS.almostExhausted)).filter((r) => r.RotationType === 'ON_DEMAND').length;
    assert.equal(n, 25);
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.almostExhausted })),
      'LimitExceededException',
    );
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.exhausted })), 'LimitExceededException');
  });

  it('ConflictException while an on-demand rotation runs or an automatic one starts within 20 minutes', async () => {
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.midRotation })), 'ConflictException');
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.autoSoon })),
      'ConflictException',
      /automatic rotation/,
    );
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.reports }));
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.reports })), 'ConflictException');
    // Once the automatic rotation has run, the window closes.
    await admin('POST', 'clock', { advanceSeconds: 15 * 60 });
    const auto = await rotations(KEYS.autoSoon);
    assert.equal(auto.at(-1).RotationType, 'AUTOMATIC');
    assert.equal(auto.length, 5);
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.autoSoon }));
  });

  it('EnableKeyRotation schedules the first automatic rotation one period ahead', async () => {
    await client.send(new EnableKeyRotationCommand({ KeyId: KEYS.reports, RotationPeriodInDays: 90 }));
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.reports }));
    await admin('POST', 'clock', { advanceSeconds: 90 * 86400 - 10 * 60 });
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.reports })), 'ConflictException');
  });

  it('UnsupportedOperationException for asymmetric, HMAC, AWS managed, custom key store and replica keys', async () => {
    for (const KeyId of [KEYS.rsa, KEYS.ecc, KEYS.hmac, KEYS.awsManaged, KEYS.cloudHsm]) {
      await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId })), 'UnsupportedOperationException');
      await pace();
    }
    const eu = kms({ region: 'eu-west-1' });
    await rejectsWith(
      eu.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.multiRegion })),
      'UnsupportedOperationException',
      /replica/,
    );
  });

  it('rotating a multi-Region primary rotates its replicas', async () => {
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.multiRegion }));
    await waitUntilDone(KEYS.multiRegion);
    const eu = kms({ region: 'eu-west-1' });
    const replica = (await eu.send(new ListKeyRotationsCommand({ KeyId: KEYS.multiRegion }))).Rotations;
    const primary = await rotations(KEYS.multiRegion);
    assert.deepEqual(replica.map((r) => r.KeyMaterialId), primary.map((r) => r.KeyMaterialId));
  });

  it('key states: DisabledException, KMSInvalidStateException for pending deletion and import', async () => {
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.disabled })),
      'DisabledException',
      new RegExp(`^${arn(KEYS.disabled)} is disabled\\.$`),
    );
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.retired })),
      'KMSInvalidStateException',
      /is pending deletion\.$/,
    );
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.awaitingImport })),
      'KMSInvalidStateException',
      /is pending import\.$/,
    );
  });

  it('EXTERNAL keys rotate only with material PENDING_ROTATION', async () => {
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.imported })), 'KMSInvalidStateException');
    const pending = (await rotations(KEYS.importedReady, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).at(-1);
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.importedReady }));
    await waitUntilDone(KEYS.importedReady);
    const last = (await rotations(KEYS.importedReady)).at(-1);
    assert.equal(last.KeyMaterialId, pending.KeyMaterialId);
    assert.equal(last.KeyMaterialState, 'CURRENT');
    assert.equal(last.RotationType, 'ON_DEMAND');
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.importedReady })), 'KMSInvalidStateException');
  });

  it('accepts a key ARN, refuses aliases, malformed IDs and other accounts', async () => {
    await client.send(new RotateKeyOnDemandCommand({ KeyId: arn(KEYS.reports) }));
    await pace();
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: 'alias/payments' })), 'NotFoundException');
    await pace();
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: '1234' })),
      'NotFoundException',
      /^Invalid keyId '1234'$/,
    );
    await pace();
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: 'arn:aws:kms:us-east-1:1111:key/x' })),
      'InvalidArnException',
    );
    await pace();
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: arn(KEYS.partner, 'us-east-1', PARTNER_ACCOUNT) })),
      'AccessDeniedException',
    );
    await pace();
    await rejectsWith(
      client.send(new RotateKeyOnDemandCommand({ KeyId: '' })),
      'ValidationException',
      /^1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1$/,
    );
  });
});

describe('validation and markers', () => {
  beforeEach(reset);

  it('Limit out of range is a ValidationException', async () => {
    await rejectsWith(
      client.send(new ListKeysCommand({ Limit: 0 })),
      'ValidationException',
      /^1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1$/,
    );
    await rejectsWith(client.send(new ListKeysCommand({ Limit: 1001 })), 'ValidationException', /less than or equal to 1000/);
    await rejectsWith(
      client.send(new ListKeyRotationsCommand({ KeyId: KEYS.payments, Limit: 0 })),
      'ValidationException',
    );
  });

  it('bad and foreign markers are InvalidMarkerException', async () => {
    await rejectsWith(client.send(new ListKeysCommand({ Marker: 'garbage' })), 'InvalidMarkerException');
    const { NextMarker } = await client.send(new ListKeysCommand({ Limit: 1 }));
    const eu = kms({ region: 'eu-west-1' });
    await rejectsWith(eu.send(new ListKeysCommand({ Marker: NextMarker })), 'InvalidMarkerException');
    await rejectsWith(
      client.send(new ListKeyRotationsCommand({ KeyId: KEYS.payments, Marker: NextMarker })),
      'InvalidMarkerException',
    );
    const r = await client.send(new ListKeyRotationsCommand({ KeyId: KEYS.payments, Limit: 1 }));
    await rejectsWith(
      client.send(new ListKeyRotationsCommand({ KeyId: KEYS.exhausted, Marker: r.NextMarker })),
      'InvalidMarkerException',
    );
  });

  it('ListKeyRotations refuses keys that never rotate and IncludeKeyMaterial values it does not know', async () => {
    await rejectsWith(client.send(new ListKeyRotationsCommand({ KeyId: KEYS.rsa })), 'UnsupportedOperationException');
    await rejectsWith(
      client.send(new ListKeyRotationsCommand({ KeyId: KEYS.payments, IncludeKeyMaterial: 'SOME' })),
      'ValidationException',
      /Member must satisfy enum value set: \[ALL_KEY_MATERIAL, ROTATIONS_ONLY\]/,
    );
  });
});

describe('quotas and the request log', () => {
  beforeEach(reset);

  it('RotateKeyOnDemand is limited to 5 per second per account and Region', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) {
      if (i === 5) await sleep(1100); // CreateKey is limited to 5 per second too
      ids.push((await client.send(new CreateKeyCommand({}))).KeyMetadata.KeyId);
    }
    await sleep(1100); // a fresh second for the rotations
    const results = await Promise.allSettled(ids.map((KeyId) => client.send(new RotateKeyOnDemandCommand({ KeyId }))));
    const throttled = results.filter((r) => r.status === 'rejected');
    assert.ok(throttled.length >= 1 && throttled.length <= 2, `${throttled.length} throttled`);
    for (const t of throttled) assert.equal(t.reason.name, 'ThrottlingException');
    // The partner account has its own quota.
    const partner = kms({ credentials: (await import('./helpers.mjs')).PARTNER });
    await partner.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.partner }));
  });

  it('the log records each request with its key and request ID', async () => {
    const out = await client.send(new RotateKeyOnDemandCommand({ KeyId: arn(KEYS.reports) }));
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.exhausted })), 'LimitExceededException');
    const { entries } = await admin('GET', 'log?op=RotateKeyOnDemand');
    assert.equal(entries.length, 2);
    assert.equal(entries[0].keyId, KEYS.reports);
    assert.equal(entries[0].status, 200);
    assert.equal(entries[0].requestId, out.$metadata.requestId);
    assert.equal(entries[0].accountId, '111122223333');
    assert.equal(entries[0].region, 'us-east-1');
    assert.equal(entries[1].errorCode, 'LimitExceededException');
    // Whether a rotation was spent is the `performed` flag, not the status alone.
    assert.deepEqual(entries.map((e) => e.performed), [true, false]);
    const performed = await admin('GET', 'log?op=RotateKeyOnDemand&performed=true');
    assert.deepEqual(performed.entries.map((e) => e.keyId), [KEYS.reports]);
    const later = await admin('GET', `log?after=${entries[1].seq}`);
    assert.ok(later.entries.every((e) => e.seq > entries[1].seq));
  });
});
