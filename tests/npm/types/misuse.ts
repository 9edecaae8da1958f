// Each line is a mistake the declarations must refuse; tests/npm/run.sh expects tsc to fail.
import { KmsClient, parseKeyId, signRequest, KmsServiceError } from "kms-rotate";

const kms = new KmsClient({ region: "eu-west-1" }); // no credentials
kms.rotateKeyOnDemand({ keyId: "k" }); // camelCase member
kms.describeKey("k"); // not an input object
kms.listKeys({ Limit: "10" }); // Limit is a number
kms.rotateAndWait({ KeyId: "k", onProgress: (p: { Stage: number }) => p }); // wrong event type
parseKeyId(42); // not a string
kms.waitForRotation({ KeyId: "k", timeoutMs: "1m" }); // timeoutMs is a number
signRequest({ url: "https://x", region: "r", credentials: { accessKeyId: "a", secretAccessKey: "b" } }); // no service
kms.importKeyMaterial({ KeyId: "k", ImportToken: "token", EncryptedKeyMaterial: new Uint8Array(1) }); // token is bytes
const status: number = new KmsServiceError("m").requestId; // string | undefined
export { status };
