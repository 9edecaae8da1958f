// The same six operations with @aws-sdk/client-kms (size benchmark entry).
import {
  KMSClient,
  RotateKeyOnDemandCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
} from "@aws-sdk/client-kms";

export async function six(credentials) {
  const kms = new KMSClient({ region: "us-east-1", credentials });
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: "k" }));
  await kms.send(new GetKeyRotationStatusCommand({ KeyId: "k" }));
  await kms.send(new ListKeyRotationsCommand({ KeyId: "k" }));
  await kms.send(new ListKeysCommand({}));
  await kms.send(new DescribeKeyCommand({ KeyId: "k" }));
  await kms.send(new ListAliasesCommand({}));
}
