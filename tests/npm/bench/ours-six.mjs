// What an app using the six operations imports from kms-rotate (size benchmark entry).
import { KmsClient } from "kms-rotate";

export async function six(credentials) {
  const kms = new KmsClient({ region: "us-east-1", credentials });
  await kms.rotateKeyOnDemand({ KeyId: "k" });
  await kms.getKeyRotationStatus({ KeyId: "k" });
  await kms.listKeyRotations({ KeyId: "k" });
  await kms.listKeys({});
  await kms.describeKey({ KeyId: "k" });
  await kms.listAliases({});
}
