// Signatures per second in Node: signRequest beside @smithy/signature-v4 with the SDK's
// Node hash (@smithy/hash-node). Prints JSON for run.mjs.
import { signRequest } from "kms-rotate";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { oursSigner, sdkSigner, rate } from "./sign-cases.mjs";

const ours = oursSigner(signRequest);
const sdk = sdkSigner(SignatureV4, Hash.bind(null, "sha256"));
const same = ours() === (await sdk());
console.log(JSON.stringify({ same, ours: await rate(ours, 2000), sdk: await rate(sdk, 2000) }));
