// Every operation kms-local serves, through @aws-sdk/client-kms: shapes, pagination with
// markers, aliases, key lifecycle.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  ListKeysCommand, DescribeKeyCommand, ListAliasesCommand, GetKeyRotationStatusCommand,
  ListKeyRotationsCommand, EnableKeyRotationCommand, DisableKeyRotationCommand, CreateKeyCommand,
  CreateAliasCommand, DeleteAliasCommand, EnableKeyCommand, DisableKeyCommand,
  ScheduleKeyDeletionCommand, CancelKeyDeletionCommand, ReplicateKeyCommand,
  paginateListKeys, paginateListAliases,
} from '@aws-sdk/client-kms';
import { kms, admin, reset, rejectsWith, sleep, KEYS, arn, ACCOUNT, PARTNER_ACCOUNT } from './helpers.mjs';

describe('listing', () => {
  before(reset);
  const client = kms();

  it('ListKeys pages with opaque markers until Truncated is false', async () => {
    const seen = [];
    let marker;
    for (let page = 0; page < 50; page++) {
      const out = await client.send(new ListKeysCommand({ Limit: 4, Marker: marker }));
      assert.ok(out.Keys.length <= 4);
      seen.push(...out.Keys.map((k) => k.KeyId));
      if (!out.Truncated) {
        assert.equal(out.NextMarker, undefined);
        break;
      }
      marker = out.NextMarker;
    }
    const { keys } = await admin('GET', `keys?account=${ACCOUNT}&region=us-east-1`);
    assert.deepEqual(seen, keys.map((k) => k.keyId));
    assert.equal(new Set(seen).size, seen.length);
  });

  it('the SDK paginator walks every page', async () => {
    let count = 0;
    for await (const page of paginateListKeys({ client, pageSize: 3 }, {})) count += page.Keys.length;
    const { keys } = await admin('GET', `keys?account=${ACCOUNT}&region=us-east-1`);
    assert.equal(count, keys.length);
  });

  it('ListKeys entries carry key ARNs', async () => {
    const out = await client.send(new ListKeysCommand({}));
    for (const k of out.Keys) assert.equal(k.KeyArn, arn(k.KeyId));
  });

  it('ListAliases lists all aliases, per key, with AWS predefined ones lacking a target', async () => {
    const names = [];
    for await (const page of paginateListAliases({ client, pageSize: 5 }, {})) {
      names.push(...page.Aliases.map((a) => a.AliasName));
    }
    assert.ok(names.includes('alias/payments'));
    assert.ok(names.includes('alias/aws/s3'));
    const all = await client.send(new ListAliasesCommand({ Limit: 100 }));
    const ebs = all.Aliases.find((a) => a.AliasName === 'alias/aws/ebs');
    assert.equal(ebs.TargetKeyId, undefined);
    const perKey = await client.send(new ListAliasesCommand({ KeyId: KEYS.payments }));
    assert.deepEqual(perKey.Aliases.map((a) => a.AliasName), ['alias/payments']);
    assert.equal(perKey.Aliases[0].AliasArn, `arn:aws:kms:us-east-1:${ACCOUNT}:alias/payments`);
    assert.ok(perKey.Aliases[0].CreationDate instanceof Date);
  });

  it('Regions are separate', async () => {
    const eu = kms({ region: 'eu-west-1' });
    const out = await eu.send(new ListKeysCommand({}));
    const ids = out.Keys.map((k) => k.KeyId).sort();
    assert.deepEqual(ids, [KEYS.euApp, KEYS.multiRegion, KEYS.importedGlobal].sort());
    assert.equal(out.Keys.find((k) => k.KeyId === KEYS.euApp).KeyArn, arn(KEYS.euApp, 'eu-west-1'));
  });
});

describe('DescribeKey', () => {
  before(reset);
  const client = kms();

  it('accepts a key ID, key ARN, alias name and alias ARN', async () => {
    for (const KeyId of [
      KEYS.payments,
      arn(KEYS.payments),
      'alias/payments',
      `arn:aws:kms:us-east-1:${ACCOUNT}:alias/payments`,
    ]) {
      const { KeyMetadata: m } = await client.send(new DescribeKeyCommand({ KeyId }));
      assert.equal(m.KeyId, KEYS.payments, KeyId);
    }
  });

  it('returns the full metadata of each kind of key', async () => {
    const d = async (KeyId) => (await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
    const p = await d(KEYS.payments);
    assert.equal(p.AWSAccountId, ACCOUNT);
    assert.equal(p.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(p.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(p.KeyManager, 'CUSTOMER');
    assert.equal(p.Origin, 'AWS_KMS');
    assert.equal(p.KeyState, 'Enabled');
    assert.equal(p.Enabled, true);
    assert.ok(p.CreationDate instanceof Date);
    assert.match(p.CurrentKeyMaterialId, /^[0-9a-f]{64}$/);
    assert.deepEqual(p.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    const rsa = await d('alias/signing-rsa');
    assert.equal(rsa.KeySpec, 'RSA_2048');
    assert.ok(rsa.SigningAlgorithms.includes('RSASSA_PSS_SHA_256'));
    assert.deepEqual((await d(KEYS.hmac)).MacAlgorithms, ['HMAC_SHA_256']);
    assert.equal((await d('alias/aws/s3')).KeyManager, 'AWS');
    const hsm = await d(KEYS.cloudHsm);
    assert.equal(hsm.Origin, 'AWS_CLOUDHSM');
    assert.equal(hsm.CustomKeyStoreId, 'cks-1234567890abcdef0');
    const mr = await d(KEYS.multiRegion);
    assert.equal(mr.MultiRegion, true);
    assert.equal(mr.MultiRegionConfiguration.MultiRegionKeyType, 'PRIMARY');
    assert.deepEqual(mr.MultiRegionConfiguration.ReplicaKeys, [
      { Arn: arn(KEYS.multiRegion, 'eu-west-1'), Region: 'eu-west-1' },
    ]);
    const ext = await d(KEYS.imported);
    assert.equal(ext.Origin, 'EXTERNAL');
    assert.equal(ext.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.ok(ext.ValidTo instanceof Date);
    assert.equal((await d(KEYS.awaitingImport)).KeyState, 'PendingImport');
    assert.equal((await d(KEYS.disabled)).Enabled, false);
    const retired = await d(KEYS.retired);
    assert.equal(retired.KeyState, 'PendingDeletion');
    assert.ok(retired.DeletionDate > new Date());
  });

  it('describes a key of another account by ARN (cross-account use is allowed)', async () => {
    const { KeyMetadata } = await client.send(
      new DescribeKeyCommand({ KeyId: arn(KEYS.partner, 'us-east-1', PARTNER_ACCOUNT) }),
    );
    assert.equal(KeyMetadata.AWSAccountId, PARTNER_ACCOUNT);
  });

  it('answers NotFoundException as AWS words it', async () => {
    await rejectsWith(
      client.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })),
      'NotFoundException',
      /^Invalid keyId 'not-a-key'$/,
    );
    const missing = 'dec0de00-0000-4000-8000-999999999999';
    await rejectsWith(
      client.send(new DescribeKeyCommand({ KeyId: missing })),
      'NotFoundException',
      new RegExp(`^Key '${arn(missing).replace(/[/.]/g, '\\$&')}' does not exist$`),
    );
    await rejectsWith(
      client.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })),
      'NotFoundException',
      /^Alias arn:aws:kms:us-east-1:111122223333:alias\/nope is not found\.$/,
    );
    await rejectsWith(
      client.send(new DescribeKeyCommand({ KeyId: arn(KEYS.payments, 'eu-west-1') })),
      'NotFoundException',
      /^Invalid arn eu-west-1$/,
    );
  });
});

describe('rotation settings', () => {
  before(reset);
  const client = kms();

  it('GetKeyRotationStatus reports period and next date only while enabled', async () => {
    const on = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.payments }));
    assert.equal(on.KeyRotationEnabled, true);
    assert.equal(on.RotationPeriodInDays, 365);
    assert.ok(on.NextRotationDate instanceof Date);
    assert.equal(on.OnDemandRotationStartDate, undefined);
    const off = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.orders }));
    assert.equal(off.KeyRotationEnabled, false);
    assert.equal(off.RotationPeriodInDays, undefined);
    const mid = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.midRotation }));
    assert.ok(mid.OnDemandRotationStartDate instanceof Date);
    const rsa = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.rsa }));
    assert.equal(rsa.KeyRotationEnabled, false);
  });

  it('EnableKeyRotation validates RotationPeriodInDays (90–2560) and DisableKeyRotation undoes it', async () => {
    await rejectsWith(
      client.send(new EnableKeyRotationCommand({ KeyId: KEYS.orders, RotationPeriodInDays: 89 })),
      'ValidationException',
      /^1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90$/,
    );
    await rejectsWith(
      client.send(new EnableKeyRotationCommand({ KeyId: KEYS.orders, RotationPeriodInDays: 2561 })),
      'ValidationException',
      /less than or equal to 2560/,
    );
    await client.send(new EnableKeyRotationCommand({ KeyId: KEYS.orders, RotationPeriodInDays: 180 }));
    const s = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.orders }));
    assert.equal(s.KeyRotationEnabled, true);
    assert.equal(s.RotationPeriodInDays, 180);
    const days = (s.NextRotationDate - Date.now()) / 86400e3;
    assert.ok(days > 179 && days <= 180.01, String(days));
    await client.send(new DisableKeyRotationCommand({ KeyId: KEYS.orders }));
    assert.equal((await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.orders }))).KeyRotationEnabled, false);
  });

  it('refuses automatic rotation settings on keys that cannot rotate', async () => {
    await sleep(1100); // a fresh quota second: EnableKeyRotation allows 15 per second
    for (const KeyId of [KEYS.rsa, KEYS.hmac, KEYS.cloudHsm, KEYS.awsManaged, KEYS.imported]) {
      await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId })), 'UnsupportedOperationException');
    }
    await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId: KEYS.disabled })), 'DisabledException');
    await rejectsWith(client.send(new DisableKeyRotationCommand({ KeyId: KEYS.retired })), 'KMSInvalidStateException', /is pending deletion\.$/);
  });
});

describe('key lifecycle', () => {
  before(reset);
  const client = kms();

  it('CreateKey makes symmetric, HMAC, asymmetric, EXTERNAL and multi-Region keys', async () => {
    const sym = (await client.send(new CreateKeyCommand({ Description: 'made by a test' }))).KeyMetadata;
    assert.match(sym.KeyId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(sym.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(sym.Description, 'made by a test');
    assert.equal(sym.KeyState, 'Enabled');
    const hmac = (await client.send(new CreateKeyCommand({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata;
    assert.deepEqual(hmac.MacAlgorithms, ['HMAC_SHA_384']);
    const ecc = (await client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata;
    assert.deepEqual(ecc.SigningAlgorithms, ['ECDSA_SHA_384']);
    const ext = (await client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata;
    assert.equal(ext.KeyState, 'PendingImport');
    const mrk = (await client.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata;
    assert.match(mrk.KeyId, /^mrk-[0-9a-f]{32}$/);
    await sleep(1100); // a fresh quota second: CreateKey allows 5 per second
    await rejectsWith(
      client.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'SIGN_VERIFY' })),
      'ValidationException',
    );
    await rejectsWith(
      client.send(new CreateKeyCommand({ KeySpec: 'RSA_9999' })),
      'ValidationException',
      /Value 'RSA_9999' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set/,
    );
  });

  it('CreateKey is limited to the documented 5 requests per second', async () => {
    await sleep(1100);
    // Eleven at once span at most two quota seconds, so at most ten can pass.
    const results = await Promise.allSettled(Array.from({ length: 11 }, () => client.send(new CreateKeyCommand({}))));
    const passed = results.filter((r) => r.status === 'fulfilled').length;
    assert.ok(passed >= 5 && passed <= 10, `${passed} of 11 passed`);
    for (const r of results.filter((r) => r.status === 'rejected')) assert.equal(r.reason.name, 'ThrottlingException');
    await sleep(1100);
  });

  it('CreateAlias and DeleteAlias', async () => {
    await client.send(new CreateAliasCommand({ AliasName: 'alias/test-made', TargetKeyId: KEYS.reports }));
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: 'alias/test-made' }));
    assert.equal(KeyMetadata.KeyId, KEYS.reports);
    await rejectsWith(
      client.send(new CreateAliasCommand({ AliasName: 'alias/test-made', TargetKeyId: KEYS.orders })),
      'AlreadyExistsException',
      /^An alias with the name arn:aws:kms:us-east-1:111122223333:alias\/test-made already exists$/,
    );
    await rejectsWith(
      client.send(new CreateAliasCommand({ AliasName: 'test-made', TargetKeyId: KEYS.orders })),
      'InvalidAliasNameException',
    );
    await rejectsWith(
      client.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: KEYS.orders })),
      'InvalidAliasNameException',
    );
    await client.send(new DeleteAliasCommand({ AliasName: 'alias/test-made' }));
    await rejectsWith(client.send(new DeleteAliasCommand({ AliasName: 'alias/test-made' })), 'NotFoundException');
  });

  it('DisableKey, EnableKey', async () => {
    await client.send(new DisableKeyCommand({ KeyId: KEYS.reports }));
    assert.equal((await client.send(new DescribeKeyCommand({ KeyId: KEYS.reports }))).KeyMetadata.KeyState, 'Disabled');
    await client.send(new EnableKeyCommand({ KeyId: KEYS.reports }));
    assert.equal((await client.send(new DescribeKeyCommand({ KeyId: KEYS.reports }))).KeyMetadata.KeyState, 'Enabled');
    await rejectsWith(client.send(new EnableKeyCommand({ KeyId: KEYS.retired })), 'KMSInvalidStateException');
  });

  it('ScheduleKeyDeletion (7–30 days) and CancelKeyDeletion', async () => {
    await rejectsWith(
      client.send(new ScheduleKeyDeletionCommand({ KeyId: KEYS.reports, PendingWindowInDays: 6 })),
      'ValidationException',
      /PendingWindowInDays/,
    );
    const s = await client.send(new ScheduleKeyDeletionCommand({ KeyId: KEYS.reports, PendingWindowInDays: 7 }));
    assert.equal(s.KeyId, arn(KEYS.reports));
    assert.equal(s.KeyState, 'PendingDeletion');
    assert.equal(s.PendingWindowInDays, 7);
    assert.ok(s.DeletionDate instanceof Date);
    await rejectsWith(client.send(new ScheduleKeyDeletionCommand({ KeyId: KEYS.reports })), 'KMSInvalidStateException');
    const c = await client.send(new CancelKeyDeletionCommand({ KeyId: KEYS.reports }));
    assert.equal(c.KeyId, arn(KEYS.reports));
    assert.equal((await client.send(new DescribeKeyCommand({ KeyId: KEYS.reports }))).KeyMetadata.KeyState, 'Disabled');
    await rejectsWith(client.send(new CancelKeyDeletionCommand({ KeyId: KEYS.orders })), 'KMSInvalidStateException');
  });

  it('a key whose deletion date passes disappears with its aliases', async () => {
    await client.send(new ScheduleKeyDeletionCommand({ KeyId: KEYS.orders, PendingWindowInDays: 7 }));
    await admin('POST', 'clock', { advanceSeconds: 8 * 86400 });
    await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: KEYS.orders })), 'NotFoundException');
    await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: 'alias/orders' })), 'NotFoundException');
  });

  it('ReplicateKey copies a multi-Region primary to another Region', async () => {
    const out = await client.send(new ReplicateKeyCommand({ KeyId: KEYS.multiRegion, ReplicaRegion: 'ap-southeast-2' }));
    assert.equal(out.ReplicaKeyMetadata.Arn, arn(KEYS.multiRegion, 'ap-southeast-2'));
    assert.equal(out.ReplicaKeyMetadata.MultiRegionConfiguration.MultiRegionKeyType, 'REPLICA');
    const ap = kms({ region: 'ap-southeast-2' });
    const { KeyMetadata } = await ap.send(new DescribeKeyCommand({ KeyId: KEYS.multiRegion }));
    assert.equal(KeyMetadata.KeyId, KEYS.multiRegion);
    const primary = (await client.send(new DescribeKeyCommand({ KeyId: KEYS.multiRegion }))).KeyMetadata;
    assert.equal(primary.MultiRegionConfiguration.ReplicaKeys.length, 2);
    await rejectsWith(
      client.send(new ReplicateKeyCommand({ KeyId: KEYS.multiRegion, ReplicaRegion: 'eu-west-1' })),
      'AlreadyExistsException',
    );
    await rejectsWith(
      client.send(new ReplicateKeyCommand({ KeyId: KEYS.payments, ReplicaRegion: 'eu-west-2' })),
      'UnsupportedOperationException',
    );
  });
});
