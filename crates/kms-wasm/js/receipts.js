// Receipts of rotations, for an auditor: one entry per key, chained by SHA-256 so that a
// changed, removed or reordered entry is found and named. Plain JS on WebCrypto
// (browsers, workers, Node 20+); the console loads this same file.
//
// File: { "format": "kms-rotate-receipts/1", "receipts": [entry...], "count": n,
//         "digest": hash of the last entry }
// Each entry holds its fields and `previousHash` and `hash`, where
//   hash = hex(SHA-256(previousHash + "\n" + canonical JSON of the entry without `hash`))
// (canonical: object keys sorted, no spaces), and the first `previousHash` is 64 zeros.
// The chain proves the file is the one written, as long as its digest is kept apart
// (in a ticket, an email): anyone can recompute a chain, so it is not a signature.

export const RECEIPTS_FORMAT = "kms-rotate-receipts/1";
const ZERO = "0".repeat(64);

/** JSON with object keys sorted at every level and no spaces. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

async function sha256Hex(text) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function hashOf(entry) {
  const { hash: _, ...rest } = entry;
  return sha256Hex(`${entry.previousHash}\n${canonical(rest)}`);
}

/**
 * Chains `entries` (objects: account, Region, key ARN, request id, times, materials,
 * history entry) into a receipts file; resolves to its JSON text.
 */
export async function sealReceipts(entries) {
  const receipts = [];
  let previousHash = ZERO;
  for (const fields of entries) {
    const entry = { ...fields, previousHash };
    entry.hash = await hashOf(entry);
    receipts.push(entry);
    previousHash = entry.hash;
  }
  return JSON.stringify({ format: RECEIPTS_FORMAT, receipts, count: receipts.length, digest: previousHash }, null, 2);
}

/**
 * Checks a receipts file (its text, or the parsed object) offline. Resolves to
 * `{ valid: true, count, digest }`, or `{ valid: false, count, problem, entry? }` where
 * `entry` is the index (from 0) of the first entry that was changed, removed or moved,
 * and `problem` says what is wrong in words. Pass `expectedDigest` (kept apart from the
 * file) to also prove the file is the one sealed.
 */
export async function verifyReceipts(file, { expectedDigest } = {}) {
  let parsed = file;
  if (typeof file === "string") {
    try {
      parsed = JSON.parse(file);
    } catch {
      return { valid: false, count: 0, problem: "the file is not JSON: it was cut short or changed outside an entry" };
    }
  }
  if (!parsed || parsed.format !== RECEIPTS_FORMAT || !Array.isArray(parsed.receipts)) {
    return { valid: false, count: 0, problem: `not a receipts file (format ${RECEIPTS_FORMAT})` };
  }
  const { receipts } = parsed;
  let previousHash = ZERO;
  for (const [index, entry] of receipts.entries()) {
    const what = `entry ${index + 1}${entry?.keyArn ? ` (${entry.keyArn})` : ""}`;
    if (!entry || typeof entry !== "object") {
      return { valid: false, count: receipts.length, entry: index, problem: `${what} is not an object` };
    }
    if (entry.previousHash !== previousHash) {
      return { valid: false, count: receipts.length, entry: index, problem: `${what} does not follow the entry before it: an entry was removed, added or moved` };
    }
    if ((await hashOf(entry)) !== entry.hash) {
      return { valid: false, count: receipts.length, entry: index, problem: `${what} was changed after it was sealed` };
    }
    previousHash = entry.hash;
  }
  if (parsed.count !== receipts.length || parsed.digest !== previousHash) {
    return { valid: false, count: receipts.length, problem: "the last entries were removed, or the count or digest was changed" };
  }
  if (expectedDigest !== undefined && expectedDigest !== previousHash) {
    return { valid: false, count: receipts.length, problem: "the file is intact but is not the one with the expected digest" };
  }
  return { valid: true, count: receipts.length, digest: previousHash };
}
