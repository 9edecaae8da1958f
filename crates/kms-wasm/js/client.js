// The public API of kms-rotate, over the raw wasm exports (crates/kms-wasm/src).
//
// The wasm does the work (requests, SigV4, retries, decoding, rotation tracking); this
// module gives it the shape JS code expects: a class with async methods, async
// iterators for lists, `Date` timestamps, and `Error` subclasses.
import * as wasm from "./kms_rotate_wasm.js";
import { BLOB_MEMBERS, DATE_MEMBERS, OPERATIONS, PARTITION_REGIONS } from "./shapes.js";
import { wrapKeyMaterial as wrap } from "./wrap.js";

export { sealReceipts, verifyReceipts } from "./receipts.js";

// KMS timestamps are epoch seconds on the wire, binary members base64; JS wants Dates and
// Uint8Arrays.
const revive = (key, value) =>
  typeof value === "number" && DATE_MEMBERS.has(key)
    ? new Date(value * 1000)
    : typeof value === "string" && BLOB_MEMBERS.has(key)
      ? fromBase64(value)
      : value;
const parse = (json) => JSON.parse(json, revive);

// And back: an input's Dates and bytes in their wire form (`this[key]` is the value before
// `Date.prototype.toJSON` made it a string).
function wireValue(key, value) {
  const raw = this[key];
  if (raw instanceof Date) return raw.getTime() / 1000;
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) return toBase64(bytesOf(raw));
  return value;
}

function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text) {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return text; // Not base64: left as KMS sent it.
  }
}

// ---- errors -----------------------------------------------------------------------------

/** Base class of every error this package throws. */
export class KmsError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    // Set by hand: minifiers rename classes, and `name` is what people log and match.
    this.name = "KmsError";
    this.code = details.code ?? "Error";
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.retryable = Boolean(details.retryable);
    this.rotationStarted = false;
  }
}

/** KMS answered with an error (`code` is its error code, e.g. `NotFoundException`). */
export class KmsServiceError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsServiceError";
    this.serviceMessage = details.serviceMessage ?? "";
    this.advice = details.advice;
  }
}

/** No HTTP response: unreachable, refused by CORS, connection lost, timed out or aborted. */
export class KmsNetworkError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsNetworkError";
  }
}

/** Refused before sending: an input is not valid. */
export class KmsInputError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsInputError";
    this.field = details.field;
  }
}

/** The credentials are missing, malformed or expired, or the provider failed. */
export class KmsCredentialsError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsCredentialsError";
  }
}

/** A response that could not be read (not JSON, cut short, wrong shape). */
export class KmsResponseError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsResponseError";
    this.bodyExcerpt = details.bodyExcerpt ?? "";
  }
}

/** A rotation request failed ambiguously and KMS does not show whether it started. */
export class KmsRotationUnconfirmedError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsRotationUnconfirmedError";
    this.keyId = details.keyId;
    this.sentAt = details.sentAt;
  }
}

/**
 * A rotation started (KMS accepted it), and following it failed: a read error, the
 * caller's abort or time limit (`cause`). Never rotate again; follow it with
 * `waitForRotation`.
 */
export class KmsRotationTrackingError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsRotationTrackingError";
    this.rotationStarted = true;
    this.keyId = details.keyId;
    this.startedAt = details.startedAt;
  }
}

/** Waiting gave up (`timeoutMs`); once a rotation started, the `cause` of a KmsRotationTrackingError. */
export class KmsWaitTimeoutError extends KmsError {
  constructor(message, details = {}) {
    super(message, details);
    this.name = "KmsWaitTimeoutError";
  }
}

const ERROR_CLASSES = {
  KmsError,
  KmsServiceError,
  KmsNetworkError,
  KmsInputError,
  KmsCredentialsError,
  KmsResponseError,
  KmsRotationUnconfirmedError,
  KmsRotationTrackingError,
  KmsWaitTimeoutError,
};

/** Turns an error thrown by the wasm (an `Error` with `name`, `code`, ...) into its class. */
function toKmsError(raw) {
  if (raw instanceof KmsError) return raw;
  const Class = raw instanceof Error && Object.hasOwn(ERROR_CLASSES, raw.name) ? ERROR_CLASSES[raw.name] : null;
  if (!Class) {
    // Not ours (a bug or a host failure): keep it, wrapped so callers can still match.
    return new KmsError(String(raw?.message ?? raw), { cause: raw });
  }
  return new Class(raw.message, {
    ...raw,
    sentAt: typeof raw.sentAt === "number" ? new Date(raw.sentAt) : undefined,
    startedAt: typeof raw.startedAt === "number" ? new Date(raw.startedAt) : undefined,
    cause: raw.cause === undefined ? undefined : toKmsError(raw.cause),
  });
}

const rethrow = (raw) => {
  throw toKmsError(raw);
};

function guard(run) {
  try {
    return run();
  } catch (raw) {
    throw toKmsError(raw);
  }
}

function inputError(message, field, code = "InvalidParameter") {
  return new KmsInputError(message, { code, field });
}

/** Operation inputs are objects (or left out). */
function requireInput(operation, input) {
  if (input !== undefined && (input === null || typeof input !== "object")) {
    throw inputError(`${operation} takes an input object`, "input");
  }
}

function requireString(value, field) {
  if (typeof value !== "string" || value.trim() === "") {
    throw inputError(`${field} must be a non-empty string`, field);
  }
  return value;
}

// ---- credentials ------------------------------------------------------------------------

function epochMillis(value, field) {
  if (value === undefined || value === null) return undefined;
  const millis = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (typeof millis !== "number" || !Number.isFinite(millis)) {
    throw inputError(`${field} must be a Date, an ISO 8601 string or epoch milliseconds`, field);
  }
  return millis;
}

/** The credentials in the shape the wasm reads (expiration in epoch ms). */
function normalizeCredentials(credentials) {
  if (!credentials || typeof credentials !== "object") {
    throw new KmsCredentialsError("credentials must be an object with accessKeyId and secretAccessKey", {
      code: "CredentialsError",
    });
  }
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
  if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string" || !accessKeyId || !secretAccessKey) {
    throw new KmsCredentialsError("credentials need a non-empty accessKeyId and secretAccessKey", {
      code: "CredentialsError",
    });
  }
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: typeof sessionToken === "string" && sessionToken ? sessionToken : undefined,
    expiration: epochMillis(expiration, "credentials.expiration"),
  };
}

/** Credentials or a provider, as a function the wasm calls when it needs credentials. */
function providerOf(credentials) {
  if (typeof credentials === "function") {
    return async () => normalizeCredentials(await credentials());
  }
  const fixed = normalizeCredentials(credentials);
  return () => fixed;
}

// ---- the client -------------------------------------------------------------------------

/** Pages read at most by one iterator, as kms-core's `MAX_PAGES`: a guard against a
 * server that never ends. */
const MAX_PAGES = 10_000;

const CALL = Symbol("call");

export class KmsClient {
  #raw;

  /**
   * @param {import("./index.js").KmsClientOptions} options
   */
  constructor(options) {
    if (!options || typeof options !== "object") {
      throw inputError("KmsClient needs an options object with region and credentials", "options");
    }
    const { region, credentials, endpoint, maxAttempts, timeoutMs, fips, dualStack } = options;
    requireString(region, "region");
    if (endpoint !== undefined && typeof endpoint !== "string" && !(endpoint instanceof URL)) {
      throw inputError("endpoint must be a URL string", "endpoint");
    }
    for (const [field, value] of [["maxAttempts", maxAttempts], ["timeoutMs", timeoutMs]]) {
      if (value !== undefined && !(Number.isInteger(value) && value > 0 && value < 2 ** 31)) {
        throw inputError(`${field} must be a positive integer`, field);
      }
    }
    const provider = providerOf(credentials);
    this.#raw = guard(
      () =>
        new wasm.WasmClient(
          region,
          endpoint === undefined ? undefined : String(endpoint),
          maxAttempts,
          timeoutMs,
          Boolean(fips),
          Boolean(dualStack),
          provider,
        ),
    );
  }

  /** The JSON text of `operation`'s output for `input`, as KMS sent it. */
  async #send(operation, input) {
    requireInput(operation, input);
    return this.#raw.call(operation, JSON.stringify(input ?? {}, wireValue)).catch(rethrow);
  }

  /** One operation: its output, with Dates and bytes. The methods of every operation call it. */
  [CALL](operation, input) {
    return this.#send(operation, input).then(parse);
  }

  /**
   * The pages of a list operation, each parsed with `reviver` (raw JSON numbers without
   * one), until one is not truncated.
   */
  async *#pages(operation, input, reviver) {
    // The same guard as kms-core's `Client::for_each_page`, with its messages.
    const endless = (problem) =>
      new KmsResponseError(
        `${operation} ${problem}: the list read so far is incomplete; check the endpoint URL and any proxy in between`,
        { code: "UnreadableResponse", httpStatus: 200 },
      );
    const seen = new Set();
    let marker = input?.Marker;
    for (let page = 0; page < MAX_PAGES; page++) {
      const output = JSON.parse(await this.#send(operation, { ...input, Marker: marker }), reviver);
      yield output;
      if (!output.Truncated) return;
      if (!output.NextMarker) throw endless("said Truncated=true without a NextMarker");
      if (seen.has(output.NextMarker)) throw endless("returned the same NextMarker twice");
      seen.add((marker = output.NextMarker));
    }
    throw endless(`was still truncated after ${MAX_PAGES} pages`);
  }

  async *#items(operation, input, member) {
    requireInput(operation, input);
    for await (const output of this.#pages(operation, input, revive)) yield* output[member] ?? [];
  }

  /** Every key of the account and Region (`ListKeys`, page after page). */
  keys(input = {}) {
    return this.#items("ListKeys", input, "Keys");
  }

  /** Every alias, or those of one key (`ListAliases`, page after page). */
  aliases(input = {}) {
    return this.#items("ListAliases", input, "Aliases");
  }

  /** A key's whole rotation history (`ListKeyRotations`, page after page). */
  keyRotations(input) {
    return this.#items("ListKeyRotations", input, "Rotations");
  }

  /**
   * Starts an on-demand rotation and resolves when KMS has completed it, with the new
   * history entry. `signal` stops the waiting and `timeoutMs` bounds it (default 30
   * minutes); either way the rotation itself goes on in KMS.
   */
  rotateAndWait(input) {
    return this.#follow("rotateAndWait", input);
  }

  /**
   * Follows the on-demand rotation in progress (or one that completed moments ago) to
   * completion without starting one; resolves as `rotateAndWait` does.
   */
  waitForRotation(input) {
    return this.#follow("waitForRotation", input);
  }

  #follow(method, { KeyId, onProgress, signal, timeoutMs } = {}) {
    try {
      requireString(KeyId, "KeyId");
      if (onProgress !== undefined && typeof onProgress !== "function") {
        throw inputError("onProgress must be a function", "onProgress");
      }
      if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
        throw inputError("timeoutMs must be a number of milliseconds", "timeoutMs");
      }
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) {
      return Promise.reject(new KmsNetworkError("the request was cancelled", { code: "Aborted" }));
    }
    // The events and the result arrive as objects with Dates (made in the wasm).
    return this.#raw[method](KeyId, onProgress, signal ?? undefined, timeoutMs).catch(rethrow);
  }

  /**
   * Whether a key can be rotated on demand now, and every reason why not, from its
   * metadata, rotation status and history. Takes a key ID, ARN or alias.
   */
  checkRotationEligibility(keyId) {
    const id = typeof keyId === "object" && keyId !== null ? keyId.KeyId : keyId;
    try {
      requireString(id, "KeyId");
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#checkRotationEligibility(id);
  }

  // Reads here, decides in the wasm (kms-core's rules, as in the console).
  async #checkRotationEligibility(KeyId) {
    const described = await this.#send("DescribeKey", { KeyId });
    const { KeyMetadata } = parse(described);
    let status;
    let rotations;
    if (wasm.hasRotationHistory(described)) {
      // By the key ID DescribeKey answered with: an alias could be moved in between.
      const id = { KeyId: KeyMetadata.KeyId };
      status = await this.#send("GetKeyRotationStatus", id);
      const all = [];
      for await (const page of this.#pages("ListKeyRotations", { ...id, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })) {
        all.push(...(page.Rotations ?? []));
      }
      rotations = JSON.stringify({ Rotations: all });
    }
    let verdict;
    try {
      verdict = wasm.rotationEligibility(described, status, rotations, Date.now() + this.#raw.clockOffsetMs);
    } catch (raw) {
      throw toKmsError(raw);
    }
    return {
      KeyMetadata,
      ...(status === undefined ? {} : { RotationStatus: parse(status) }),
      ...(rotations === undefined ? {} : { Rotations: parse(rotations).Rotations }),
      ...verdict,
    };
  }

  /** The offset (ms) between this machine's clock and KMS's, learned from a skew error. */
  get clockOffsetMs() {
    return this.#raw.clockOffsetMs;
  }
}

// One method per operation (`describeKey`, ...), from the generated list.
for (const operation of OPERATIONS) {
  Object.defineProperty(KmsClient.prototype, operation[0].toLowerCase() + operation.slice(1), {
    value(input) {
      return this[CALL](operation, input);
    },
    writable: true,
    configurable: true,
  });
}

// ---- pure helpers -----------------------------------------------------------------------

/** Parses a key ID, multi-Region key ID, key ARN, alias name or alias ARN. */
export function parseKeyId(text) {
  if (typeof text !== "string") throw inputError("a key identifier must be a string", "KeyId");
  return guard(() => wasm.parseKeyId(text));
}

/** The Regions of a partition (default `aws`), from kms-core's table: one client each. */
export function regions(partition = "aws") {
  const found = typeof partition === "string" ? PARTITION_REGIONS[partition] : undefined;
  if (!Object.hasOwn(PARTITION_REGIONS, partition) || !found) {
    throw inputError(`${JSON.stringify(partition)} is not a partition this version knows (${Object.keys(PARTITION_REGIONS).join(", ")})`, "partition");
  }
  return [...found];
}

/** Parses pasted credentials (env exports, CLI JSON, INI profile). */
export function parseCredentials(text) {
  if (typeof text !== "string") throw inputError("pasted credentials must be a string", "text");
  const credentials = guard(() => wasm.parseCredentials(text));
  if (credentials.expiration !== undefined) credentials.expiration = new Date(credentials.expiration);
  return credentials;
}

/**
 * Wraps key material with the public key of a `getParametersForImport` answer, with
 * WebCrypto, for `importKeyMaterial`'s `EncryptedKeyMaterial`.
 */
export async function wrapKeyMaterial(input) {
  try {
    return await wrap(input);
  } catch (raw) {
    throw raw?.field ? inputError(raw.message, raw.field) : toKmsError(raw);
  }
}

/** A binary body as bytes (text bodies travel inside the request string). */
function bytesOf(body) {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw inputError("body must be a string, Uint8Array, ArrayBuffer or undefined", "body");
}

/**
 * Signs any HTTP request with AWS Signature Version 4 and returns the headers to send:
 * the given ones plus `authorization`, `x-amz-date` and, with a session token,
 * `x-amz-security-token`.
 */
export function signRequest({
  method = "GET",
  url,
  headers,
  body,
  region,
  service,
  credentials,
  signingDate,
  normalizePath,
  payloadHashHeader,
} = {}) {
  const target = String(url ?? "");
  requireString(target, "url");
  requireString(region, "region");
  requireString(service, "service");
  const { accessKeyId, secretAccessKey, sessionToken = "" } = normalizeCredentials(credentials);
  // One string crosses into the wasm (see signRequest in crates/kms-wasm/src/lib.rs): the
  // fields a line each, then the headers, then a text body. Every argument that crosses
  // costs an allocation and a copy, which showed in signatures per second.
  const verb = String(method).toUpperCase();
  // Each field checked for a line feed; splitting the joined string instead made eight
  // substrings per signature, 2-4% of signing time in Node.
  for (const field of [verb, target, region, service, accessKeyId, secretAccessKey, sessionToken]) {
    if (field.includes("\n")) {
      throw inputError("method, url, region, service and credentials cannot hold a line feed", "url");
    }
  }
  const fields = `${verb}\n${target}\n${region}\n${service}\n${accessKeyId}\n${secretAccessKey}\n${sessionToken}\n`;
  let count = 0;
  let lines = "";
  const result = {};
  const add = (rawName, rawValue) => {
    const name = String(rawName).toLowerCase();
    const value = String(rawValue);
    if (name.includes("\n") || value.includes("\n")) throw inputError(`header ${name} holds a line feed`, "headers");
    lines += `${name}\n${value}\n`;
    result[name] = value;
    count++;
  };
  if (headers !== undefined && headers !== null) {
    if (typeof headers[Symbol.iterator] === "function") for (const [name, value] of headers) add(name, value);
    else for (const name of Object.keys(headers)) add(name, headers[name]);
  }
  const millis = signingDate === undefined ? Date.now() : epochMillis(signingDate, "signingDate");
  const isS3 = service === "s3";
  const text = body === undefined || body === null || typeof body === "string";
  let added;
  try {
    added = wasm
      .signRequest(
        `${fields}${count}\n${lines}${text ? (body ?? "") : ""}`,
        text ? undefined : bytesOf(body),
        millis,
        normalizePath ?? !isS3,
        payloadHashHeader ?? isS3,
      )
      .split("\n");
  } catch (raw) {
    throw toKmsError(raw);
  }
  for (let i = 0; i + 1 < added.length; i += 2) result[added[i]] = added[i + 1];
  return result;
}
