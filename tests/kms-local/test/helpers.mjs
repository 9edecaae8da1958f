// Shared set-up for the wire tests: clients of the official AWS SDK pointed at kms-local,
// and the admin API. KMS_LOCAL_URL names the server (run.sh sets it).
import { KMSClient } from '@aws-sdk/client-kms';
import assert from 'node:assert/strict';

export const URL_BASE = (process.env.KMS_LOCAL_URL ?? 'http://127.0.0.1:4599').replace(/\/$/, '');

export const DEMO = {
  accessKeyId: 'ASIAKMSLOCALDEMO0001',
  secretAccessKey: 'kmsLocalDemoSecretAccessKey0000000000000',
  sessionToken: 'kms-local-demo-session-token',
};
export const PARTNER = {
  accessKeyId: 'AKIAKMSLOCALPARTNER1',
  secretAccessKey: 'kmsLocalPartnerSecretAccessKey0000000000',
};
export const EXPIRED = {
  accessKeyId: 'ASIAKMSLOCALEXPIRED1',
  secretAccessKey: 'kmsLocalExpiredSecretAccessKey0000000000',
  sessionToken: 'kms-local-expired-session-token',
};
export const ACCOUNT = '111122223333';
export const PARTNER_ACCOUNT = '444455556666';

// Demo key IDs (crates/kms-local/src/demo.json).
const id = (n) => `dec0de00-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const KEYS = {
  payments: id(1),
  orders: id(2),
  reports: id(3),
  midRotation: id(4),
  almostExhausted: id(5),
  exhausted: id(6),
  autoSoon: id(7),
  rsa: id(8),
  ecc: id(9),
  hmac: id(10),
  awsManaged: id(11),
  cloudHsm: id(12),
  multiRegion: 'mrk-dec0de00000040008000000000000013',
  importedReady: id(20),
  imported: id(21),
  awaitingImport: id(22),
  importedGlobal: 'mrk-dec0de00000040008000000000000025',
  disabled: id(23),
  retired: id(24),
  euApp: id(32),
  partner: id(48),
};

export const arn = (keyId, region = 'us-east-1', account = ACCOUNT) =>
  `arn:aws:kms:${region}:${account}:key/${keyId}`;

/** A KMS client. Retries are off unless asked for: several tests count requests. */
export function kms({ region = 'us-east-1', credentials = DEMO, maxAttempts = 1, ...rest } = {}) {
  return new KMSClient({ region, endpoint: URL_BASE, credentials, maxAttempts, ...rest });
}

/** What every admin call carries (kms-local refuses admin calls without them). */
export const ADMIN_HEADERS = { 'content-type': 'application/json', 'x-kms-local-admin': '1' };

export async function admin(method, route, body) {
  const res = await fetch(`${URL_BASE}/_kms_local/${route}`, {
    method,
    headers: ADMIN_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

export const reset = () => admin('POST', 'reset');

/** Expects `promise` to fail with AWS error `name`; returns the error. */
export async function rejectsWith(promise, name, messagePattern) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (messagePattern) assert.match(e.message, messagePattern);
    assert.match(e.$metadata?.requestId ?? '', /^[0-9a-f-]{36}$/);
    return e;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (bounded) until it returns a truthy value. */
export async function eventually(check, { tries = 50, everyMs = 200 } = {}) {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v) return v;
    await sleep(everyMs);
  }
  assert.fail('condition not reached in time');
}
