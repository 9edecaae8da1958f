// Generated from kms-core's shape! declarations (which members) and the KMS service
// model, service-2.json (types, enum values, required members, documentation) by
// crates/kms-core/src/model/typescript.rs. Do not edit: run
//   KMS_REGENERATE=1 cargo test -p kms-core --lib typescript

/** Members of KMS shapes that hold timestamps. */
export const DATE_MEMBERS = new Set([
  "CreationDate",
  "DeletionDate",
  "KeyCreationDate",
  "LastUpdatedDate",
  "NextRotationDate",
  "OnDemandRotationStartDate",
  "ParametersValidTo",
  "RotationDate",
  "Timestamp",
  "TrackingStartDate",
  "ValidTo",
]);

/** Members of KMS shapes that hold bytes (base64 on the wire). */
export const BLOB_MEMBERS = new Set([
  "EncryptedKeyMaterial",
  "ImportToken",
  "PublicKey",
]);

/** Every operation, a method each on KmsClient. */
export const OPERATIONS = [
  "RotateKeyOnDemand",
  "GetKeyRotationStatus",
  "ListKeyRotations",
  "ListKeys",
  "DescribeKey",
  "ListAliases",
  "EnableKeyRotation",
  "DisableKeyRotation",
  "GetParametersForImport",
  "ImportKeyMaterial",
  "DeleteImportedKeyMaterial",
  "ListResourceTags",
  "TagResource",
  "UntagResource",
  "GetKeyLastUsage",
];

/** Each partition's Regions (kms-core's `Partition::regions`). */
export const PARTITION_REGIONS = {
  "aws": ["af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
  "aws-iso-b": ["us-isob-east-1"],
  "aws-iso-e": ["eu-isoe-west-1"],
  "aws-iso-f": ["us-isof-east-1", "us-isof-south-1"],
  "aws-eusc": ["eusc-de-east-1"],
};
