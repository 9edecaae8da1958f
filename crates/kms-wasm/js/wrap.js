// Wrapping key material for ImportKeyMaterial with WebCrypto (`globalThis.crypto.subtle`:
// browsers, workers, Node 20+). Plain JS, no wasm: the console loads this same file.
//
// The formats are those of the KMS Developer Guide, "Encrypt key material"
// (https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html):
//  - RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256: the material encrypted with RSA-OAEP (MGF1 with
//    the same hash) under the wrapping public key;
//  - RSA_AES_KEY_WRAP_SHA_1 / _SHA_256: a fresh AES-256 key encrypted with RSA-OAEP,
//    followed by the material wrapped with that AES key by AES Key Wrap with Padding
//    (RFC 5649). WebCrypto has no RFC 5649 (its AES-KW is RFC 3394, another IV), so the
//    wrap is written here over single AES blocks (AES-CBC with a zero IV, first block).

const HASH = {
  RSAES_OAEP_SHA_1: "SHA-1",
  RSAES_OAEP_SHA_256: "SHA-256",
  RSA_AES_KEY_WRAP_SHA_1: "SHA-1",
  RSA_AES_KEY_WRAP_SHA_256: "SHA-256",
};

/** An error for a bad argument; the package turns its `field` into a KmsInputError. */
function invalid(field, message) {
  return Object.assign(new TypeError(`${field} ${message}`), { field });
}

/** Bytes of a Uint8Array, ArrayBuffer, other view, or base64 text. */
function bytes(value, field) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") {
    try {
      return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    } catch {
      // Falls through to the error below.
    }
  }
  throw invalid(field, "must be a Uint8Array, an ArrayBuffer or base64 text");
}

function subtle() {
  const api = globalThis.crypto?.subtle;
  if (!api) throw invalid("crypto", "is not available: WebCrypto needs a secure context (https or localhost) or Node 20+");
  return api;
}

/** AES Key Wrap with Padding (RFC 5649, section 4.1) of `plain` under the raw AES key `kek`. */
export async function aesKeyWrapWithPadding(kek, plain) {
  const key = await subtle().importKey("raw", kek, "AES-CBC", false, ["encrypt"]);
  const zeroIv = new Uint8Array(16);
  // One AES block: CBC with a zero IV encrypts the first block as ECB would.
  const encryptBlock = async (block) =>
    new Uint8Array(await subtle().encrypt({ name: "AES-CBC", iv: zeroIv }, key, block)).subarray(0, 16);
  const padded = new Uint8Array(Math.ceil(plain.length / 8) * 8 || 8);
  padded.set(plain);
  const aiv = new Uint8Array(8);
  aiv.set([0xa6, 0x59, 0x59, 0xa6]);
  new DataView(aiv.buffer).setUint32(4, plain.length);
  const n = padded.length / 8;
  if (n === 1) return encryptBlock(Uint8Array.from([...aiv, ...padded]));
  // RFC 3394's wrapping process W with the alternative IV.
  let a = aiv;
  const r = Array.from({ length: n }, (_, i) => padded.slice(i * 8, i * 8 + 8));
  const block = new Uint8Array(16);
  for (let j = 0; j < 6; j++) {
    for (let i = 0; i < n; i++) {
      block.set(a, 0);
      block.set(r[i], 8);
      const b = await encryptBlock(block);
      a = b.slice(0, 8);
      let t = BigInt(n * j + i + 1);
      for (let k = 7; k >= 0; k--, t >>= 8n) a[k] ^= Number(t & 0xffn);
      r[i] = b.slice(8, 16);
    }
  }
  const out = new Uint8Array(8 * (n + 1));
  out.set(a, 0);
  r.forEach((part, i) => out.set(part, 8 * (i + 1)));
  return out;
}

/**
 * Wraps key material with the public key of a GetParametersForImport answer, for
 * ImportKeyMaterial's `EncryptedKeyMaterial`. The material stays in memory only.
 */
export async function wrapKeyMaterial({ PublicKey, WrappingAlgorithm, material } = {}) {
  const hash = HASH[WrappingAlgorithm];
  if (!hash) {
    throw invalid(
      "WrappingAlgorithm",
      `must be one of ${Object.keys(HASH).join(", ")} (WebCrypto has no RSAES_PKCS1_V1_5 or SM2PKE wrapping)`,
    );
  }
  const spki = bytes(PublicKey, "PublicKey");
  const plain = bytes(material, "material");
  if (plain.length === 0) throw invalid("material", "is empty");
  let rsa;
  try {
    rsa = await subtle().importKey("spki", spki, { name: "RSA-OAEP", hash }, false, ["encrypt"]);
  } catch (cause) {
    throw Object.assign(invalid("PublicKey", "is not an RSA public key (DER SubjectPublicKeyInfo, as GetParametersForImport returns it)"), { cause });
  }
  const oaep = async (data) => new Uint8Array(await subtle().encrypt({ name: "RSA-OAEP" }, rsa, data));
  if (WrappingAlgorithm.startsWith("RSAES_")) {
    try {
      return await oaep(plain);
    } catch (cause) {
      throw Object.assign(invalid("material", "is too long for this wrapping key and algorithm; use an RSA_AES_KEY_WRAP algorithm"), { cause });
    }
  }
  const aesKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  try {
    const wrappedKey = await oaep(aesKey);
    const wrappedMaterial = await aesKeyWrapWithPadding(aesKey, plain);
    const out = new Uint8Array(wrappedKey.length + wrappedMaterial.length);
    out.set(wrappedKey, 0);
    out.set(wrappedMaterial, wrappedKey.length);
    return out;
  } finally {
    aesKey.fill(0);
  }
}
