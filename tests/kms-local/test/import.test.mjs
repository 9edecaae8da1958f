// Imported key material through @aws-sdk/client-kms, wrapped with node:crypto: import new
// material (RSA-OAEP SHA-256), rotate it in, and the documented errors of ImportKeyMaterial.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { publicEncrypt, constants, randomBytes, createPublicKey } from 'node:crypto';
import {
  GetParametersForImportCommand, ImportKeyMaterialCommand, RotateKeyOnDemandCommand,
  GetKeyRotationStatusCommand, ListKeyRotationsCommand,
} from '@aws-sdk/client-kms';
import { kms, admin, reset, rejectsWith, eventually, sleep, KEYS } from './helpers.mjs';

const client = kms();

// GetParametersForImport is limited to 1 request per second per account and Region.
async function parameters(KeyId) {
  await sleep(1050);
  return client.send(new GetParametersForImportCommand({
    KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048',
  }));
}

/** RSA-OAEP with SHA-256 (and MGF1-SHA-256) under the DER SPKI `publicKey`. */
const wrap = (publicKey, material) => publicEncrypt({
  key: createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' }),
  padding: constants.RSA_PKCS1_OAEP_PADDING,
  oaepHash: 'sha256',
}, material);

const importMaterial = (KeyId, params, material, extra = {}) => client.send(new ImportKeyMaterialCommand({
  KeyId,
  ImportToken: params.ImportToken,
  EncryptedKeyMaterial: wrap(params.PublicKey, material),
  ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  ...extra,
}));

describe('ImportKeyMaterial', () => {
  beforeEach(reset);

  it('imports new material wrapped by node:crypto, and RotateKeyOnDemand makes it current', async () => {
    const KeyId = KEYS.imported;
    const params = await parameters(KeyId);
    assert.ok(params.ParametersValidTo instanceof Date);
    const out = await importMaterial(KeyId, params, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
    assert.match(out.KeyMaterialId, /^[0-9a-f]{64}$/);
    await client.send(new RotateKeyOnDemandCommand({ KeyId }));
    await eventually(async () => (await client.send(new GetKeyRotationStatusCommand({ KeyId })))
      .OnDemandRotationStartDate === undefined);
    const { Rotations } = await client.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    const current = Rotations.filter((r) => r.KeyMaterialState === 'CURRENT');
    assert.deepEqual(current.map((r) => r.KeyMaterialId), [out.KeyMaterialId]);
    assert.equal(current[0].ImportState, 'IMPORTED');
    assert.equal(current[0].RotationType, 'ON_DEMAND');
  });

  it('answers the documented errors: another key\'s token, an expired token, other bytes', async () => {
    const material = randomBytes(32);
    const forAwaiting = await parameters(KEYS.awaitingImport);
    // A token of another key.
    await rejectsWith(importMaterial(KEYS.imported, forAwaiting, material), 'InvalidImportTokenException');
    // The first material, then other bytes as a reimport.
    await importMaterial(KEYS.awaitingImport, forAwaiting, material);
    await rejectsWith(importMaterial(KEYS.awaitingImport, forAwaiting, randomBytes(32)), 'IncorrectKeyMaterialException');
    // The same bytes are accepted again.
    await importMaterial(KEYS.awaitingImport, forAwaiting, material);
    // 24 hours later (kms-local's store clock), the token has expired.
    await admin('POST', 'clock', { advanceSeconds: 24 * 3600 });
    await rejectsWith(importMaterial(KEYS.awaitingImport, forAwaiting, material), 'ExpiredImportTokenException');
  });
});
