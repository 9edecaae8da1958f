// kms-local beside a browser (issue 10): what a web page can send must not reach the
// admin API, a rebound host name must not reach anything, the store clock moves a
// bounded distance, and hostile uploads do not hold connections. Raw HTTP (node:http,
// node:net) where a test must set what fetch would not let it set.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { ListKeysCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { kms, admin, reset, rejectsWith, URL_BASE, ADMIN_HEADERS, KEYS } from './helpers.mjs';

const { hostname, port } = new URL(URL_BASE);

/** One HTTP/1.1 request with exactly these headers: `{ status, body }`. */
function raw(method, path, headers, body = '') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const attackerSeed = JSON.stringify({
  credentials: [{ accessKeyId: 'AKIAATTACKER00000001', secretAccessKey: 'x', accountId: '999999999999' }],
});

describe('kms-local beside a browser', () => {
  beforeEach(reset);

  it('refuses the admin calls a cross-site page can send without a preflight', async () => {
    for (const route of ['reset', 'faults']) {
      const res = await raw('POST', `/_kms_local/${route}`, {
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      }, attackerSeed);
      assert.equal(res.status, 403, `${route}: ${res.body}`);
    }
    const noHeader = await raw('POST', '/_kms_local/reset', { 'content-type': 'application/json' }, attackerSeed);
    assert.equal(noHeader.status, 403);
    assert.match(JSON.parse(noHeader.body).error, /X-Kms-Local-Admin/);
    // The demo credentials still work: nothing was replaced.
    await kms().send(new ListKeysCommand({}));
  });

  it('approves admin preflights only for the console origins', async () => {
    const ask = (origin) => raw('OPTIONS', '/_kms_local/reset', {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-kms-local-admin',
    });
    assert.equal((await ask('https://evil.example')).status, 403);
    const console = await ask('http://127.0.0.1:8080');
    assert.equal(console.status, 200);
    assert.match(console.headers['access-control-allow-headers'], /x-kms-local-admin/);
  });

  it('answers only host names it serves (no DNS rebinding)', async () => {
    const rebound = await raw('GET', '/_kms_local/state', { host: `evil.example:${port}`, ...ADMIN_HEADERS });
    assert.equal(rebound.status, 421);
    assert.match(JSON.parse(rebound.body).error, /evil\.example.*DNS rebinding/);
    const kmsCall = await raw('POST', '/', {
      host: `evil.example:${port}`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'TrentService.ListKeys',
    }, '{}');
    assert.equal(kmsCall.status, 421);
    assert.match(JSON.parse(kmsCall.body).__type, /MisdirectedRequestException/);
    for (const host of [`localhost:${port}`, `kms.eu-west-1.localhost:${port}`]) {
      assert.equal((await raw('GET', '/_kms_local/health', { host, ...ADMIN_HEADERS })).status, 200, host);
    }
  });

  it('moves the store clock at most 10 years, forward only, and stays responsive', async () => {
    for (const advanceSeconds of [Number.MAX_SAFE_INTEGER, -1, 11 * 366 * 86400]) {
      const res = await raw('POST', '/_kms_local/clock', ADMIN_HEADERS, JSON.stringify({ advanceSeconds }));
      assert.equal(res.status, 400, `${advanceSeconds}: ${res.body}`);
    }
    const t0 = Date.now();
    await admin('POST', 'clock', { advanceSeconds: 3650 * 86400 });
    await kms().send(new ListKeysCommand({}));
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
  });

  it('refuses a huge declared body at once', async () => {
    const t0 = Date.now();
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(`POST / HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-length: 10000000000\r\n\r\n{`);
      });
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 413/);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('logs refused rotations as not performed', async () => {
    const client = kms();
    await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.exhausted })), 'LimitExceededException');
    await client.send(new RotateKeyOnDemandCommand({ KeyId: KEYS.reports }));
    const { entries } = await admin('GET', 'log?op=RotateKeyOnDemand');
    assert.deepEqual(entries.map((e) => [e.keyId, e.performed]), [[KEYS.exhausted, false], [KEYS.reports, true]]);
  });
});
