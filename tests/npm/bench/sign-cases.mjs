// The request both signers sign, and the two signing functions, for Node and the browser.
// No imports: each entry brings only the signer it measures.

export const CREDENTIALS = {
  accessKeyId: "ASIAKMSLOCALDEMO0001",
  secretAccessKey: "kmsLocalDemoSecretAccessKey0000000000000",
  sessionToken: "kms-local-demo-session-token",
};
export const BODY = JSON.stringify({ KeyId: "arn:aws:kms:us-east-1:111122223333:key/dec0de00-0000-4000-8000-000000000001" });
export const HEADERS = { "content-type": "application/x-amz-json-1.1", "x-amz-target": "TrentService.RotateKeyOnDemand" };
export const DATE = new Date("2026-01-02T03:04:05Z");

/** kms-rotate's signRequest on the request. */
export function oursSigner(signRequest) {
  return () =>
    signRequest({
      method: "POST",
      url: "https://kms.us-east-1.amazonaws.com/",
      headers: HEADERS,
      body: BODY,
      region: "us-east-1",
      service: "kms",
      credentials: CREDENTIALS,
      signingDate: DATE,
    }).authorization;
}

/** @smithy/signature-v4 (`SignatureV4`) on the same request, with the given SHA-256 constructor. */
export function sdkSigner(SignatureV4, Sha256) {
  // applyChecksum false: like kms-rotate for KMS, no x-amz-content-sha256 header (the body
  // is hashed either way).
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: "us-east-1", service: "kms", sha256: Sha256, applyChecksum: false });
  return async () =>
    (
      await signer.sign(
        {
          method: "POST",
          protocol: "https:",
          hostname: "kms.us-east-1.amazonaws.com",
          path: "/",
          headers: { ...HEADERS, host: "kms.us-east-1.amazonaws.com" },
          body: BODY,
        },
        { signingDate: DATE },
      )
    ).headers.authorization;
}

/** Signatures per second of `sign` over about `millis` ms (after a warm-up). */
export async function rate(sign, millis = 1500) {
  for (let i = 0; i < 200; i++) await sign();
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < millis) {
    for (let i = 0; i < 100; i++) await sign();
    count += 100;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}
