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
