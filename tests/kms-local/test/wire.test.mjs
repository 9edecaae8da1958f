// Signatures, the wire protocol, CORS and injected faults: what a browser or SDK sees.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  ListKeysCommand, RotateKeyOnDemandCommand, GetKeyRotationStatusCommand, DescribeKeyCommand,
} from '@aws-sdk/client-kms';
import { kms, admin, reset, rejectsWith, URL_BASE, DEMO, EXPIRED, KEYS, ADMIN_HEADERS } from './helpers.mjs';

describe('signatures and credentials', () => {
  beforeEach(reset);

  it('a wrong secret is InvalidSignatureException', async () => {
    const c = kms({ credentials: { ...DEMO, secretAccessKey: 'wrong' + DEMO.secretAccessKey.slice(5) } });
    await rejectsWith(
      c.send(new ListKeysCommand({})),
      'InvalidSignatureException',
      /^The request signature we calculated does not match the signature you provided/,
    );
  });

  it('an unknown access key is UnrecognizedClientException', async () => {
    const c = kms({ credentials: { ...DEMO, accessKeyId: 'AKIAUNKNOWNUNKNOWN00' } });
    await rejectsWith(
      c.send(new ListKeysCommand({})),
      'UnrecognizedClientException',
      /^The security token included in the request is invalid\.$/,
    );
  });

  it('a wrong session token is UnrecognizedClientException', async () => {
    const c = kms({ credentials: { ...DEMO, sessionToken: 'not-the-token' } });
    await rejectsWith(c.send(new ListKeysCommand({})), 'UnrecognizedClientException');
    const none = kms({ credentials: { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey } });
    await rejectsWith(none.send(new ListKeysCommand({})), 'UnrecognizedClientException');
  });

  it('expired credentials are ExpiredTokenException', async () => {
    await rejectsWith(
      kms({ credentials: EXPIRED }).send(new ListKeysCommand({})),
      'ExpiredTokenException',
      /^The security token included in the request is expired$/,
    );
  });

  it('a clock 10 minutes slow gets "Signature expired" with the server time', async () => {
    const c = kms({ systemClockOffset: -10 * 60 * 1000 });
    const e = await rejectsWith(
      c.send(new ListKeysCommand({})),
      'InvalidSignatureException',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    assert.equal(e.$metadata.httpStatusCode, 400);
    const fast = kms({ systemClockOffset: 10 * 60 * 1000 });
    await rejectsWith(fast.send(new ListKeysCommand({})), 'InvalidSignatureException', /^Signature not yet current/);
  });

  it('the SDK corrects its clock from the Date header and succeeds on retry', async () => {
    const c = kms({ systemClockOffset: -10 * 60 * 1000, maxAttempts: 3 });
    const out = await c.send(new ListKeysCommand({}));
    assert.equal(out.$metadata.attempts, 2);
  });

  it('another account sees only its own keys', async () => {
    const { PARTNER } = await import('./helpers.mjs');
    const out = await kms({ credentials: PARTNER }).send(new ListKeysCommand({}));
    // The partner's us-east-1 keys of the demo estate: 48 and two of its own numbering.
    const partnerKey = (n) => `dec0de00-4444-4000-8000-${String(n).padStart(12, '0')}`;
    assert.deepEqual(out.Keys.map((k) => k.KeyId).sort(), [KEYS.partner, partnerKey(49), partnerKey(50)].sort());
  });
});

const target = (op) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` });

describe('raw protocol', () => {
  it('answers unsigned requests with MissingAuthenticationTokenException', async () => {
    const res = await fetch(URL_BASE + '/', { method: 'POST', headers: target('ListKeys'), body: '{}' });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('x-amzn-errortype'), /^MissingAuthenticationTokenException:/);
    assert.match(res.headers.get('x-amzn-requestid'), /^[0-9a-f-]{36}$/);
    assert.ok(res.headers.get('date'));
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    const body = await res.json();
    assert.equal(body.__type, 'com.amazon.coral.service#MissingAuthenticationTokenException');
    assert.equal(body.message, 'Request is missing Authentication Token');
  });

  it('an unknown operation is UnknownOperationException (400)', async () => {
    const res = await fetch(URL_BASE + '/', { method: 'POST', headers: target('Encrypt'), body: '{}' });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).__type, 'com.amazon.coral.service#UnknownOperationException');
  });

  it('malformed JSON is SerializationException', async () => {
    const res = await fetch(URL_BASE + '/', { method: 'POST', headers: target('ListKeys'), body: '{"Limit":' });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).__type, 'com.amazon.coral.service#SerializationException');
  });

  it('an incomplete Authorization header is IncompleteSignatureException', async () => {
    const res = await fetch(URL_BASE + '/', {
      method: 'POST',
      headers: { ...target('ListKeys'), authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date': '20240101T000000Z' },
      body: '{}',
    });
    const body = await res.json();
    assert.equal(body.__type, 'com.amazon.coral.service#IncompleteSignatureException');
    assert.match(body.message, /Authorization header requires 'Signature' parameter\./);
  });
});

describe('CORS', () => {
  const origin = 'http://localhost:8080';

  it('answers preflights for the console origin with exactly the signing headers', async () => {
    const res = await fetch(URL_BASE + '/', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-security-token,x-amz-target',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    const allowed = res.headers.get('access-control-allow-headers').split(/,\s*/);
    for (const h of ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']) {
      assert.ok(allowed.includes(h), h);
    }
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
  });

  it('refuses other origins', async () => {
    const res = await fetch(URL_BASE + '/', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('exposes request ID, error type and date on errors too', async () => {
    const res = await fetch(URL_BASE + '/', { method: 'POST', headers: { ...target('ListKeys'), origin }, body: '{}' });
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    assert.equal(res.headers.get('access-control-expose-headers'), 'x-amzn-requestid, x-amzn-errortype, date');
  });
});

describe('injected faults', () => {
  beforeEach(reset);
  const client = kms();

  it('throttle, 500 and 503 fail the next requests of the operation, then stop', async () => {
    await admin('POST', 'faults', [
      { kind: 'throttle', op: 'ListKeys' },
      { kind: '500', op: 'ListKeys' },
      { kind: '503', op: 'ListKeys' },
    ]);
    await client.send(new DescribeKeyCommand({ KeyId: KEYS.payments })); // other operations pass
    await rejectsWith(client.send(new ListKeysCommand({})), 'ThrottlingException');
    const e500 = await rejectsWith(client.send(new ListKeysCommand({})), 'KMSInternalException');
    assert.equal(e500.$metadata.httpStatusCode, 500);
    const e503 = await rejectsWith(client.send(new ListKeysCommand({})), 'ServiceUnavailableException');
    assert.equal(e503.$metadata.httpStatusCode, 503);
    await client.send(new ListKeysCommand({}));
    assert.deepEqual((await admin('GET', 'faults')).faults, []);
  });

  it('the SDK retries through a transient 503', async () => {
    await admin('POST', 'faults', { kind: '503', op: 'ListKeys' });
    const out = await kms({ maxAttempts: 3 }).send(new ListKeysCommand({}));
    assert.equal(out.$metadata.attempts, 2);
  });

  it('a dropped connection after RotateKeyOnDemand ran is ambiguous: the rotation did start', async () => {
    await admin('POST', 'faults', { kind: 'drop', op: 'RotateKeyOnDemand' });
    await assert.rejects(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.reports })));
    const s = await client.send(new GetKeyRotationStatusCommand({ KeyId: KEYS.reports }));
    assert.ok(s.OnDemandRotationStartDate instanceof Date);
  });

  it('truncated and non-JSON bodies fail to parse', async () => {
    await admin('POST', 'faults', [{ kind: 'truncate', op: 'ListKeys' }, { kind: 'non_json', op: 'ListKeys' }]);
    await assert.rejects(client.send(new ListKeysCommand({})));
    await assert.rejects(client.send(new ListKeysCommand({})));
    await client.send(new ListKeysCommand({}));
  });

  it('a delay holds the answer', async () => {
    await admin('POST', 'faults', { kind: 'delay', ms: 600 });
    const t0 = Date.now();
    await client.send(new ListKeysCommand({}));
    assert.ok(Date.now() - t0 >= 550);
  });

  it('a wrong server clock makes signatures expire', async () => {
    await admin('POST', 'faults', { kind: 'clock_skew', seconds: 900 });
    await rejectsWith(client.send(new ListKeysCommand({})), 'InvalidSignatureException', /^Signature expired/);
    const { entries } = await admin('GET', 'log');
    assert.equal(entries.at(-1).fault, 'clock_skew');
  });

  it('the admin API refuses malformed faults', async () => {
    const res = await fetch(`${URL_BASE}/_kms_local/faults`, {
      method: 'POST',
      headers: ADMIN_HEADERS,
      body: JSON.stringify({ kind: 'delay' }),
    });
    assert.equal(res.status, 400);
  });
});
