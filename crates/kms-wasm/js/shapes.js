// Generated from kms-core's shape! declarations (which members) and the KMS service
// model, service-2.json (types, enum values, required members, documentation) by
// crates/kms-core/src/model/typescript.rs. Do not edit: run
//   KMS_REGENERATE=1 cargo test -p kms-core --lib typescript

/** Members of KMS shapes that hold timestamps. */
export const DATE_MEMBERS = new Set([
  "CreationDate",
  "DeletionDate",
  "LastUpdatedDate",
  "NextRotationDate",
  "OnDemandRotationStartDate",
  "RotationDate",
  "ValidTo",
]);
