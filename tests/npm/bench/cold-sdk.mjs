// Cold start entry: load @smithy/signature-v4 with the browser SHA-256 and sign once.
import { Sha256 } from "@aws-crypto/sha256-browser";
import { SignatureV4 } from "@smithy/signature-v4";
import { sdkSigner } from "./sign-cases.mjs";
export const signOnce = () => sdkSigner(SignatureV4, Sha256)();
