// Node cold start: import and sign once in a fresh process; prints milliseconds.
const which = process.argv[2];
const start = performance.now();
const cases = await import("./sign-cases.mjs");
if (which === "ours") {
  const { signRequest } = await import("kms-rotate");
  cases.oursSigner(signRequest)();
} else {
  const [{ SignatureV4 }, { Hash }] = await Promise.all([import("@smithy/signature-v4"), import("@smithy/hash-node")]);
  await cases.sdkSigner(SignatureV4, Hash.bind(null, "sha256"))();
}
console.log((performance.now() - start).toFixed(2));
