// kms-local's STS with the AWS SDK for JavaScript's own STS client: AssumeRole and
// GetCallerIdentity in the Query protocol, the XML answers and the STS error codes as the
// SDK parses them, and assumed sessions used with KMS in another account (issue 13).
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ACCOUNT, DEMO, KEYS, PARTNER_ACCOUNT, URL_BASE, admin, kms, rejectsWith, reset } from './helpers.mjs';

const LEDGER = '777788889999';
const operator = (account) => `arn:aws:iam::${account}:role/KmsRotateOperator`;
const partnerKey = (n) => `dec0de00-4444-4000-8000-${String(n).padStart(12, '0')}`;

function sts({ region = 'us-east-1', credentials = DEMO } = {}) {
  return new STSClient({ region, endpoint: URL_BASE, credentials, maxAttempts: 1 });
}

const sessionOf = ({ Credentials: c }) => ({
  accessKeyId: c.AccessKeyId,
  secretAccessKey: c.SecretAccessKey,
  sessionToken: c.SessionToken,
});

const assume = (RoleArn, extra = {}) => sts().send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'node', ...extra }));

describe('STS', () => {
  before(reset);

  it('GetCallerIdentity names the demo principal', async () => {
    const who = await sts().send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, ACCOUNT);
    assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:user/kms-local`);
    assert.match(who.UserId, /^AIDA[A-Z2-7]{17}$/);
  });

  it('AssumeRole gives a session that lists another account\'s keys', async () => {
    const out = await assume(operator(PARTNER_ACCOUNT));
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${PARTNER_ACCOUNT}:assumed-role/KmsRotateOperator/node`);
    assert.match(out.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z2-7]{17}:node$/);
    assert.ok(out.Credentials.Expiration instanceof Date);
    const left = out.Credentials.Expiration.getTime() - Date.now();
    assert.ok(left > 55 * 60_000 && left <= 3600_000 + 5000, String(left));
    const session = sessionOf(out);
    const who = await sts({ region: 'eu-west-1', credentials: session }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, PARTNER_ACCOUNT);
    assert.equal(who.Arn, out.AssumedRoleUser.Arn);
    const keys = await kms({ region: 'eu-west-1', credentials: session }).send(new ListKeysCommand({}));
    assert.deepEqual(keys.Keys.map((k) => k.KeyId).sort(), [51, 52, 53].map(partnerKey));
    const own = await kms({ credentials: session }).send(new ListKeysCommand({}));
    assert.ok(own.Keys.some((k) => k.KeyId === KEYS.partner));
  });

  it('another role is AccessDenied (403)', async () => {
    const role = `arn:aws:iam::${PARTNER_ACCOUNT}:role/SomethingElse`;
    const e = await rejectsWith(assume(role), 'AccessDenied');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.message, `User: arn:aws:iam::${ACCOUNT}:user/kms-local is not authorized to perform: sts:AssumeRole on resource: ${role}`);
  });

  it('DurationSeconds outside 900-43200 is a ValidationError (400)', async () => {
    const low = await rejectsWith(assume(operator(LEDGER), { DurationSeconds: 899 }), 'ValidationError');
    assert.equal(low.$metadata.httpStatusCode, 400);
    assert.match(low.message, /Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/);
    await rejectsWith(assume(operator(LEDGER), { DurationSeconds: 43201 }), 'ValidationError', /less than or equal to 43200$/);
    await rejectsWith(assume(operator(LEDGER), { RoleSessionName: 'a' }), 'ValidationError', /'roleSessionName'/);
  });

  it('a Region not enabled answers InvalidClientTokenId / UnrecognizedClientException', async () => {
    const session = sessionOf(await assume(operator(LEDGER)));
    const e = await rejectsWith(sts({ region: 'ap-east-1', credentials: session }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
    assert.equal(e.$metadata.httpStatusCode, 403);
    await rejectsWith(kms({ region: 'ap-east-1', credentials: session }).send(new ListKeysCommand({})), 'UnrecognizedClientException');
  });

  it('expired sessions answer ExpiredToken / ExpiredTokenException', async () => {
    const session = sessionOf(await assume(operator(PARTNER_ACCOUNT), { DurationSeconds: 900 }));
    await admin('POST', 'clock', { advanceSeconds: 901 });
    await rejectsWith(sts({ credentials: session }).send(new GetCallerIdentityCommand({})), 'ExpiredToken');
    await rejectsWith(kms({ credentials: session }).send(new ListKeysCommand({})), 'ExpiredTokenException');
    await reset();
  });
});
