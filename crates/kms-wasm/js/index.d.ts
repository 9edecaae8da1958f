// Type declarations of kms-rotate, written by hand (the KMS shapes are generated: see
// below) and checked by tests/npm (tsc --noEmit of an example that uses everything, and of
// a misuse that must be refused).

/** A string union that still accepts values added to KMS later. */
type Open<T extends string> = T | (string & {});

// The KMS shapes (inputs, outputs, the structures in them, their enums) are generated
// into shapes.d.ts from kms-core's shape declarations and the service model.
export * from "./shapes.js";
import type {
  AliasListEntry,
  GetKeyRotationStatusOutput,
  AlgorithmSpec,
  KeyListEntry,
  KeyMetadata,
  KmsOperations,
  ListAliasesInput,
  ListKeyRotationsInput,
  ListKeysInput,
  RotationsListEntry,
} from "./shapes.js";

// ---- the client ---------------------------------------------------------------------------

/** Short-lived AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When they expire: a `Date`, an ISO 8601 string or epoch milliseconds. */
  expiration?: Date | string | number;
}

/**
 * Where credentials come from: fixed ones, or a (sync or async) function that is called
 * when the client needs them and again from 5 minutes before they expire.
 */
export type CredentialsSource = AwsCredentials | (() => AwsCredentials | Promise<AwsCredentials>);

export interface KmsClientOptions {
  /** The Region, such as `eu-west-1`; also the signing Region with a custom `endpoint`. */
  region: string;
  credentials: CredentialsSource;
  /** A custom endpoint URL, such as `http://127.0.0.1:4599` for kms-local. */
  endpoint?: string | URL;
  /** Attempts per operation, the first included (default 3). */
  maxAttempts?: number;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Use the FIPS endpoint of the Region. */
  fips?: boolean;
  /** Use the dual-stack (IPv4 and IPv6) endpoint of the Region. */
  dualStack?: boolean;
}

/** One step of `rotateAndWait` or `waitForRotation`. */
export type RotationProgress =
  | { Stage: "STARTED"; StartedAt: Date }
  | { Stage: "IN_PROGRESS"; InProgressSince: Date }
  | { Stage: "SETTLING" }
  | { Stage: "COMPLETED"; Rotation: RotationsListEntry };

export interface RotateAndWaitInput {
  /** Key ID or key ARN (not an alias). */
  KeyId: string;
  /** Hears each step. A throwing callback does not stop the tracking. */
  onProgress?: (progress: RotationProgress) => void;
  /**
   * Stops the waiting; the rotation goes on in KMS. Once KMS accepted the rotation, rejects
   * with {@link KmsRotationTrackingError} whose `cause` is a `KmsNetworkError` code
   * `Aborted`. Fired before the rotation request goes out (before the call, or while the
   * key is read first), it prevents the rotation: that `KmsNetworkError` itself. It never
   * cuts off the rotation request.
   */
  signal?: AbortSignal;
  /**
   * Gives up waiting this many milliseconds after the rotation started (default 30 minutes),
   * with {@link KmsRotationTrackingError} whose `cause` is a {@link KmsWaitTimeoutError}.
   */
  timeoutMs?: number;
}

export interface WaitForRotationInput {
  /** Key ID or key ARN (not an alias). */
  KeyId: string;
  /** Hears each step (`IN_PROGRESS`, `SETTLING`, `COMPLETED`; no `STARTED`). */
  onProgress?: (progress: RotationProgress) => void;
  /**
   * Stops the waiting: with {@link KmsRotationTrackingError} (cause: `KmsNetworkError` code
   * `Aborted`) once a rotation in progress was seen, with that `KmsNetworkError` before.
   */
  signal?: AbortSignal;
  /** Gives up waiting this many milliseconds from the call, with a {@link KmsWaitTimeoutError} (as the `cause` of a {@link KmsRotationTrackingError} once a rotation in progress was seen). */
  timeoutMs?: number;
}

export interface RotateAndWaitOutput {
  KeyId: string;
  /** When the rotation request was sent (corrected for clock skew). */
  StartedAt: Date;
  /** When completion was seen. */
  CompletedAt: Date;
  /** The new `ON_DEMAND` history entry. */
  Rotation: RotationsListEntry;
  /** On-demand rotations used, this one included (at most 25, ever). */
  OnDemandRotationsUsed: number;
  OnDemandRotationsRemaining: number;
}

export type IneligibilityCode = Open<
  | "NotSymmetric" | "NotEncryptDecrypt" | "AwsManaged" | "CustomKeyStore" | "MultiRegionReplica"
  | "Disabled" | "PendingDeletion" | "NotEnabled" | "NewKeyMaterialNotImported"
  | "NewKeyMaterialNotInAllRegions" | "KeyMaterialStateUnknown" | "LimitReached"
  | "RotationInProgress" | "AutomaticRotationDue"
>;

export interface IneligibilityReason {
  Code: IneligibilityCode;
  /** What stands in the way, in a sentence. */
  Message: string;
  /** Whether it goes away by itself (a rotation finishing), so trying later may work. */
  Transient: boolean;
}

export interface RotationEligibility {
  KeyMetadata: KeyMetadata;
  /** Present for keys that support rotation. */
  RotationStatus?: GetKeyRotationStatusOutput;
  /** The whole history with every key material, for keys that support rotation. */
  Rotations?: RotationsListEntry[];
  Eligible: boolean;
  /** Every reason is transient. */
  OnlyTransient: boolean;
  Reasons: IneligibilityReason[];
  OnDemandRotationsUsed?: number;
  OnDemandRotationsRemaining?: number;
  /** `eligible, 23 of 25 on-demand rotations left` or `not eligible: ...`. */
  Summary: string;
}

/**
 * A KMS client for browsers, workers and Node 20+. Every method returns a Promise and
 * rejects with a {@link KmsError} subclass.
 *
 * @example
 * const kms = new KmsClient({ region: "eu-west-1", credentials });
 * for await (const key of kms.keys()) console.log(key.KeyId);
 */
export interface KmsClient extends KmsOperations {}
export declare class KmsClient {
  constructor(options: KmsClientOptions);

  /** Every key, page after page: `for await (const key of kms.keys())`. */
  keys(input?: ListKeysInput): AsyncGenerator<KeyListEntry, void, undefined>;
  /** Every alias (of one key, with `KeyId`), page after page. */
  aliases(input?: ListAliasesInput): AsyncGenerator<AliasListEntry, void, undefined>;
  /** A key's whole rotation history, page after page. */
  keyRotations(input: ListKeyRotationsInput): AsyncGenerator<RotationsListEntry, void, undefined>;

  /**
   * Starts an on-demand rotation (as {@link KmsClient.rotateKeyOnDemand}) and resolves when
   * KMS has completed it. Once KMS accepted it, every failure (a read error, `signal`,
   * `timeoutMs`) rejects with {@link KmsRotationTrackingError}: the rotation started; never
   * rotate again, follow it with {@link KmsClient.waitForRotation}.
   */
  rotateAndWait(input: RotateAndWaitInput): Promise<RotateAndWaitOutput>;

  /**
   * Follows the on-demand rotation of a key to completion without starting one, and
   * resolves as {@link KmsClient.rotateAndWait} does: the rotation in progress, or, when
   * none is, the newest completed one (a rotation that finished moments ago; KMS reads lag,
   * so it looks several times over about 15 s first). A key with neither is refused with
   * {@link KmsInputError}.
   */
  waitForRotation(input: WaitForRotationInput): Promise<RotateAndWaitOutput>;

  /** Whether the key can be rotated on demand now, and every reason why not. */
  checkRotationEligibility(keyId: string | { KeyId: string }): Promise<RotationEligibility>;

  /** The offset (ms) of KMS's clock from this machine's, learned from a clock-skew error. */
  readonly clockOffsetMs: number;
}

// ---- errors -------------------------------------------------------------------------------

export interface KmsErrorDetails {
  code?: string;
  httpStatus?: number;
  requestId?: string;
  retryable?: boolean;
  cause?: unknown;
}

/** Base class of every error this package throws. */
export declare class KmsError extends Error {
  constructor(message: string, details?: KmsErrorDetails);
  name: string;
  /** The KMS error code for service errors; a stable name of the problem otherwise. */
  code: string;
  /** The HTTP status, when KMS answered. */
  httpStatus?: number;
  /** KMS's request id, when the response let us read it. */
  requestId?: string;
  /** Whether trying the same thing again later could succeed. */
  retryable: boolean;
  /** Whether a rotation is known to have started despite the error (only {@link KmsRotationTrackingError}). */
  rotationStarted: boolean;
}

/** KMS answered with an error; `code` is its error code, such as `NotFoundException`. */
export declare class KmsServiceError extends KmsError {
  name: "KmsServiceError";
  httpStatus: number;
  /** The service's own message. */
  serviceMessage: string;
  /** What to do about it, when the code says. */
  advice?: string;
}

/**
 * No HTTP response. `code`: `NotConnected` (Node: refused or name not found — the request
 * was provably not sent), `Unreachable` (in a browser: refused, unreachable, not allowed by
 * CORS, or dropped after sending — the endpoint did not allow this origin, or could not be
 * reached), `ConnectionLost`, `TimedOut` or `Aborted`.
 */
export declare class KmsNetworkError extends KmsError {
  name: "KmsNetworkError";
  code: Open<"NotConnected" | "Unreachable" | "ConnectionLost" | "TimedOut" | "Aborted">;
}

/** Refused before sending: an input is not valid. `field` names it when known. */
export declare class KmsInputError extends KmsError {
  name: "KmsInputError";
  field?: string;
}

/** The credentials are malformed or expired, or the provider failed. */
export declare class KmsCredentialsError extends KmsError {
  name: "KmsCredentialsError";
}

/** A response that could not be read (not JSON, cut short, not the expected shape). */
export declare class KmsResponseError extends KmsError {
  name: "KmsResponseError";
  /** The start of the body, to recognise a proxy's page. */
  bodyExcerpt: string;
}

/**
 * A rotation request failed ambiguously (lost connection, timeout, 5xx) and KMS does not
 * show that it started. It was not resent: look at the key's history before rotating again.
 */
export declare class KmsRotationUnconfirmedError extends KmsError {
  name: "KmsRotationUnconfirmedError";
  keyId: string;
  /** When the rotation request was sent. */
  sentAt: Date;
  /** What went wrong with the request. */
  cause: KmsError;
}

/**
 * A rotation started (KMS accepted it, or showed it in progress), and following it failed:
 * a read error, the caller's `signal`, or `timeoutMs`. The rotation goes on in KMS: never
 * rotate again; follow it with {@link KmsClient.waitForRotation}. `httpStatus` and
 * `requestId` are the cause's.
 */
export declare class KmsRotationTrackingError extends KmsError {
  name: "KmsRotationTrackingError";
  code: "RotationTrackingFailed";
  rotationStarted: true;
  retryable: false;
  keyId: string;
  /** When the rotation request was sent (or, following a rotation in progress, when KMS says it started). */
  startedAt: Date;
  /** What stopped the tracking: a {@link KmsServiceError}, {@link KmsNetworkError} (`Aborted`), {@link KmsWaitTimeoutError}, ... */
  cause: KmsError;
}

/**
 * Waiting gave up (`timeoutMs`). Once a rotation started it arrives as the `cause` of a
 * {@link KmsRotationTrackingError}; alone only from `waitForRotation` before it saw one.
 */
export declare class KmsWaitTimeoutError extends KmsError {
  name: "KmsWaitTimeoutError";
}

// ---- helpers ------------------------------------------------------------------------------

interface ArnParts {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
}

/** A parsed key identifier; `rotatable` is false for aliases (resolve them first). */
export type ParsedKeyId =
  | { type: "keyId"; keyId: string; multiRegion: false; rotatable: true }
  | { type: "multiRegionKeyId"; keyId: string; multiRegion: true; rotatable: true }
  | ({ type: "keyArn"; keyId: string; multiRegion: boolean; rotatable: true } & ArnParts)
  | { type: "aliasName"; aliasName: string; multiRegion: false; rotatable: false }
  | ({ type: "aliasArn"; aliasName: string; multiRegion: false; rotatable: false } & ArnParts);

/** Parses a key ID, multi-Region key ID, key ARN, alias name or alias ARN. Throws {@link KmsInputError}. */
export declare function parseKeyId(text: string): ParsedKeyId;

/**
 * The Regions of a partition (`"aws"` by default; `"aws-cn"`, `"aws-us-gov"`, …), from
 * kms-core's table: for one client per Region across an estate.
 */
export declare function regions(partition?: string): string[];

/** Credentials as {@link parseCredentials} returns them. */
export interface ParsedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Parses pasted credentials: `export AWS_...=` lines, the JSON of `aws configure
 * export-credentials` or `aws sts assume-role`, or an INI profile block. Throws
 * {@link KmsInputError} (code `InvalidCredentials`) naming the problem, never the secret.
 */
export declare function parseCredentials(text: string): ParsedCredentials;

export type HeaderInput = Record<string, string> | Iterable<readonly [string, string]>;

export interface SignRequestInput {
  /** Default `GET`. */
  method?: string;
  url: string | URL;
  /** Headers to send and sign (`host` is taken from the URL). */
  headers?: HeaderInput;
  body?: string | Uint8Array | ArrayBuffer | ArrayBufferView;
  region: string;
  /** The signing name of the service, such as `kms`, `s3`, `execute-api`. */
  service: string;
  credentials: AwsCredentials;
  /** Default: now. */
  signingDate?: Date | string | number;
  /** Normalize the URI path (default: true, false for `s3`). */
  normalizePath?: boolean;
  /** Add and sign `x-amz-content-sha256` (default: true for `s3` only). */
  payloadHashHeader?: boolean;
}

/**
 * Signs any HTTP request with AWS Signature Version 4. Returns the headers to send, names
 * lowercase: the given ones plus `authorization`, `x-amz-date` and, with a session token,
 * `x-amz-security-token`.
 */
/** Input of {@link wrapKeyMaterial}. */
export interface WrapKeyMaterialInput {
  /** `PublicKey` of the `getParametersForImport` answer (DER bytes, or base64). */
  PublicKey: Uint8Array | ArrayBuffer | string;
  /** The `WrappingAlgorithm` asked for in that request (RSAES_PKCS1_V1_5 and SM2PKE are not offered by WebCrypto). */
  WrappingAlgorithm: AlgorithmSpec;
  /** The plaintext key material: 32 bytes for a symmetric encryption key. Kept in memory only. */
  material: Uint8Array | ArrayBuffer;
}

/**
 * Wraps key material for `importKeyMaterial`'s `EncryptedKeyMaterial` with WebCrypto
 * (`globalThis.crypto.subtle`: browsers in a secure context, workers, Node 20+): RSA-OAEP,
 * or for RSA_AES_KEY_WRAP_* a fresh AES-256 key under RSA-OAEP followed by the material
 * under AES Key Wrap with Padding (RFC 5649). Rejects with {@link KmsInputError} on bad input.
 */
export declare function wrapKeyMaterial(input: WrapKeyMaterialInput): Promise<Uint8Array>;

/** One receipt: what happened to one key of a bulk rotation (fields are free-form JSON). */
export interface Receipt {
  account?: string | null;
  region?: string;
  keyArn?: string | null;
  keyId?: string;
  requestId?: string | null;
  sentAt?: string | null;
  keyMaterialBefore?: string | null;
  keyMaterialAfter?: string | null;
  historyEntry?: unknown;
  [field: string]: unknown;
}

/**
 * Chains receipts with SHA-256 (each entry's hash covers the one before) into a receipts
 * file; resolves to its JSON text, whose `digest` is worth keeping apart from the file.
 */
export declare function sealReceipts(entries: Receipt[]): Promise<string>;

/** What {@link verifyReceipts} found. */
export type ReceiptsVerdict =
  | { valid: true; count: number; digest: string }
  | { valid: false; count: number; problem: string; entry?: number };

/**
 * Checks a receipts file offline: names the first entry that was changed, removed or
 * moved (`entry`, from 0). With `expectedDigest` (kept apart), also that it is the file sealed.
 */
export declare function verifyReceipts(
  file: string | object,
  options?: { expectedDigest?: string },
): Promise<ReceiptsVerdict>;

export declare function signRequest(input: SignRequestInput): Record<string, string>;
