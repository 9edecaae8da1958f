// Loaded in headless Chromium: signRequest and @smithy/signature-v4 (with the SDK's
// browser SHA-256) on the same request.
import { signRequest } from "kms-rotate";
import { Sha256 } from "@aws-crypto/sha256-browser";
import { SignatureV4 } from "@smithy/signature-v4";
import { oursSigner, sdkSigner, rate } from "./sign-cases.mjs";

window.bench = async (millis) => {
  const ours = oursSigner(signRequest);
  const sdk = sdkSigner(SignatureV4, Sha256);
  const same = ours() === (await sdk());
  return { same, ours: await rate(ours, millis), sdk: await rate(sdk, millis) };
};
window.benchReady = true;
