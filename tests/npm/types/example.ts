// Uses the whole public API of kms-rotate; tests/npm/run.sh type-checks it with
// `tsc --noEmit` against the installed package's index.d.ts.
import {
  KmsClient,
  KmsError,
  KmsServiceError,
  KmsNetworkError,
  KmsInputError,
  KmsCredentialsError,
  KmsResponseError,
  KmsRotationUnconfirmedError,
  KmsRotationTrackingError,
  KmsWaitTimeoutError,
  parseKeyId,
  parseCredentials,
  signRequest,
  wrapKeyMaterial,
  sealReceipts,
  verifyReceipts,
  type AwsCredentials,
  type KeyMetadata,
  type RotationProgress,
  type RotationEligibility,
  type RotateAndWaitOutput,
  type WaitForRotationInput,
  type ParsedKeyId,
} from "kms-rotate";

async function provider(): Promise<AwsCredentials> {
  return { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token", expiration: new Date() };
}

export async function everything(): Promise<void> {
  {
    // Imported key material: parameters, a WebCrypto wrap, the import, a pending delete.
    const kms = new KmsClient({ region: "eu-west-1", credentials: provider });
    const params = await kms.getParametersForImport({
      KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      WrappingKeySpec: "RSA_4096",
    });
    const validTo: Date | undefined = params.ParametersValidTo;
    const wrapped: Uint8Array = await wrapKeyMaterial({
      PublicKey: params.PublicKey!,
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      material: new Uint8Array(32),
    });
    const imported = await kms.importKeyMaterial({
      KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      ImportToken: params.ImportToken!,
      EncryptedKeyMaterial: wrapped,
      ImportType: "NEW_KEY_MATERIAL",
      ValidTo: validTo,
    });
    const deleted = await kms.deleteImportedKeyMaterial({
      KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      KeyMaterialId: imported.KeyMaterialId,
    });
    console.log(deleted.KeyMaterialId?.length);
    const file: string = await sealReceipts([{ keyArn: "arn", requestId: "r", keyMaterialAfter: imported.KeyMaterialId }]);
    const verdict = await verifyReceipts(file, { expectedDigest: "0".repeat(64) });
    if (!verdict.valid) console.log(verdict.problem, verdict.entry);
  }
  const kms = new KmsClient({
    region: "eu-west-1",
    credentials: provider,
    endpoint: new URL("http://127.0.0.1:4599"),
    maxAttempts: 5,
    timeoutMs: 10_000,
  });
  new KmsClient({ region: "us-gov-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, fips: true, dualStack: true });

  const keys = await kms.listKeys({ Limit: 10 });
  const first: string | undefined = keys.Keys?.[0]?.KeyId;
  const more: boolean | undefined = keys.Truncated;
  for await (const key of kms.keys()) console.log(key.KeyId, key.KeyArn);

  const { KeyMetadata: metadata } = await kms.describeKey({ KeyId: "alias/payments" });
  const created: Date | undefined = metadata?.CreationDate;
  const state: string | undefined = metadata?.KeyState;
  const meta: KeyMetadata | undefined = metadata;

  const status = await kms.getKeyRotationStatus({ KeyId: first ?? "k" });
  const inProgress: Date | undefined = status.OnDemandRotationStartDate;

  const page = await kms.listKeyRotations({ KeyId: "k", IncludeKeyMaterial: "ALL_KEY_MATERIAL", Limit: 5 });
  const when: Date | undefined = page.Rotations?.[0]?.RotationDate;
  for await (const rotation of kms.keyRotations({ KeyId: "k" })) console.log(rotation.RotationType, rotation.KeyMaterialState);

  const aliases = await kms.listAliases({ KeyId: "k", Limit: 100 });
  for await (const alias of kms.aliases()) console.log(alias.AliasName, alias.TargetKeyId, alias.LastUpdatedDate?.toISOString());

  await kms.enableKeyRotation({ KeyId: "k", RotationPeriodInDays: 180 });
  await kms.disableKeyRotation({ KeyId: "k" });
  const started = await kms.rotateKeyOnDemand({ KeyId: "k" });

  const controller = new AbortController();
  const done: RotateAndWaitOutput = await kms.rotateAndWait({
    KeyId: "k",
    signal: controller.signal,
    timeoutMs: 60_000,
    onProgress: (progress: RotationProgress) => {
      switch (progress.Stage) {
        case "STARTED":
          console.log(progress.StartedAt.getTime());
          break;
        case "IN_PROGRESS":
          console.log(progress.InProgressSince.toISOString());
          break;
        case "COMPLETED":
          console.log(progress.Rotation.RotationDate);
          break;
        default:
          console.log("settling");
      }
    },
  });
  const remaining: number = done.OnDemandRotationsRemaining;

  try {
    await kms.rotateAndWait({ KeyId: "k" });
  } catch (error) {
    if (error instanceof KmsRotationTrackingError) {
      const started: true = error.rotationStarted;
      const retryable: false = error.retryable;
      const code: "RotationTrackingFailed" = error.code;
      console.log(started, retryable, code, error.keyId, error.startedAt.toISOString(), error.cause.code, error.httpStatus, error.requestId);
      const follow: WaitForRotationInput = { KeyId: error.keyId, signal: controller.signal, timeoutMs: 600_000 };
      const followed: RotateAndWaitOutput = await kms.waitForRotation(follow);
      console.log(followed.Rotation.RotationDate);
    } else if (error instanceof KmsError && !error.rotationStarted && error.retryable) {
      console.log("not carried out; safe to retry");
    }
  }
  await kms.waitForRotation({ KeyId: "k", onProgress: (progress) => console.log(progress.Stage) });
  const entryDate: Date | undefined = done.Rotation.RotationDate;

  const report: RotationEligibility = await kms.checkRotationEligibility("alias/payments");
  await kms.checkRotationEligibility({ KeyId: "k" });
  if (!report.Eligible) for (const reason of report.Reasons) console.log(reason.Code, reason.Message, reason.Transient);
  const offset: number = kms.clockOffsetMs;

  try {
    await kms.rotateKeyOnDemand({ KeyId: "k" });
  } catch (error) {
    if (error instanceof KmsServiceError) {
      const code: string = error.code;
      const status: number = error.httpStatus;
      console.log(code, status, error.requestId, error.retryable, error.advice, error.serviceMessage);
    } else if (error instanceof KmsRotationUnconfirmedError) {
      console.log(error.keyId, error.sentAt.toISOString(), error.cause.code);
    } else if (error instanceof KmsNetworkError) {
      if (error.code === "Aborted" || error.code === "TimedOut") console.log("stopped");
    } else if (error instanceof KmsInputError) {
      console.log(error.field);
    } else if (error instanceof KmsResponseError) {
      console.log(error.bodyExcerpt);
    } else if (error instanceof KmsCredentialsError || error instanceof KmsWaitTimeoutError) {
      console.log(error.name);
    } else if (error instanceof KmsError) {
      console.log(error.code);
    }
  }

  const id: ParsedKeyId = parseKeyId("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  if (id.type === "keyArn") console.log(id.region, id.accountId, id.partition, id.keyId);
  if (id.type === "aliasName") console.log(id.aliasName);

  const pasted = parseCredentials("export AWS_ACCESS_KEY_ID=...");
  const expires: Date | undefined = pasted.expiration;
  new KmsClient({ region: "eu-west-1", credentials: pasted });

  const headers: Record<string, string> = signRequest({
    method: "POST",
    url: "https://kms.eu-west-1.amazonaws.com/",
    headers: { "content-type": "application/x-amz-json-1.1" },
    body: "{}",
    region: "eu-west-1",
    service: "kms",
    credentials: pasted,
    signingDate: new Date(),
  });
  signRequest({ url: new URL("https://bucket.s3.amazonaws.com/a b"), region: "us-east-1", service: "s3", credentials: pasted, headers: [["x-amz-meta-a", "1"]], body: new Uint8Array(4) });
  console.log(more, created, state, meta, inProgress, when, aliases, started, remaining, entryDate, offset, expires, headers);
}
