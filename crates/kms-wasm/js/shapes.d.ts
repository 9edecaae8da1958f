// Generated from kms-core's shape! declarations (which members) and the KMS service
// model, service-2.json (types, enum values, required members, documentation) by
// crates/kms-core/src/model/typescript.rs. Do not edit: run
//   KMS_REGENERATE=1 cargo test -p kms-core --lib typescript
//
// Shapes are those of the KMS API (and of @aws-sdk/client-kms): PascalCase members,
// `Date` timestamps. Enums are typed as their known values plus `string`, because KMS
// adds values over time and this package passes unknown ones through.

/** A string union that still accepts values added to KMS later. */
type Open<T extends string> = T | (string & {});

export type MultiRegionKeyType = Open<"PRIMARY" | "REPLICA">;
export type KeyUsageType = Open<
  | "SIGN_VERIFY"
  | "ENCRYPT_DECRYPT"
  | "GENERATE_VERIFY_MAC"
  | "KEY_AGREEMENT"
  | "ENCAPSULATE_DECAPSULATE"
>;
export type KeyState = Open<
  | "Creating"
  | "Enabled"
  | "Disabled"
  | "PendingDeletion"
  | "PendingImport"
  | "PendingReplicaDeletion"
  | "Unavailable"
  | "Updating"
>;
export type OriginType = Open<"AWS_KMS" | "EXTERNAL" | "AWS_CLOUDHSM" | "EXTERNAL_KEY_STORE">;
export type ExpirationModelType = Open<"KEY_MATERIAL_EXPIRES" | "KEY_MATERIAL_DOES_NOT_EXPIRE">;
export type KeyManagerType = Open<"AWS" | "CUSTOMER">;
export type CustomerMasterKeySpec = Open<
  | "RSA_2048"
  | "RSA_3072"
  | "RSA_4096"
  | "ECC_NIST_P256"
  | "ECC_NIST_P384"
  | "ECC_NIST_P521"
  | "ECC_SECG_P256K1"
  | "SYMMETRIC_DEFAULT"
  | "HMAC_224"
  | "HMAC_256"
  | "HMAC_384"
  | "HMAC_512"
  | "SM2"
>;
export type KeySpec = Open<
  | "RSA_2048"
  | "RSA_3072"
  | "RSA_4096"
  | "ECC_NIST_P256"
  | "ECC_NIST_P384"
  | "ECC_NIST_P521"
  | "ECC_SECG_P256K1"
  | "SYMMETRIC_DEFAULT"
  | "HMAC_224"
  | "HMAC_256"
  | "HMAC_384"
  | "HMAC_512"
  | "SM2"
  | "ML_DSA_44"
  | "ML_DSA_65"
  | "ML_DSA_87"
  | "ECC_NIST_EDWARDS25519"
  | "ML_KEM_512"
  | "ML_KEM_768"
  | "ML_KEM_1024"
>;
export type EncryptionAlgorithmSpec = Open<
  | "SYMMETRIC_DEFAULT"
  | "RSAES_OAEP_SHA_1"
  | "RSAES_OAEP_SHA_256"
  | "SM2PKE"
>;
export type SigningAlgorithmSpec = Open<
  | "RSASSA_PSS_SHA_256"
  | "RSASSA_PSS_SHA_384"
  | "RSASSA_PSS_SHA_512"
  | "RSASSA_PKCS1_V1_5_SHA_256"
  | "RSASSA_PKCS1_V1_5_SHA_384"
  | "RSASSA_PKCS1_V1_5_SHA_512"
  | "ECDSA_SHA_256"
  | "ECDSA_SHA_384"
  | "ECDSA_SHA_512"
  | "SM2DSA"
  | "ML_DSA_SHAKE_256"
  | "ED25519_SHA_512"
  | "ED25519_PH_SHA_512"
>;
export type KeyAgreementAlgorithmSpec = Open<"ECDH">;
export type EncapsulationAlgorithmSpec = Open<"ML_KEM">;
export type MacAlgorithmSpec = Open<
  | "HMAC_SHA_224"
  | "HMAC_SHA_256"
  | "HMAC_SHA_384"
  | "HMAC_SHA_512"
>;
export type ImportState = Open<"IMPORTED" | "PENDING_IMPORT">;
export type KeyMaterialState = Open<
  | "NON_CURRENT"
  | "CURRENT"
  | "PENDING_ROTATION"
  | "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"
>;
export type RotationType = Open<"AUTOMATIC" | "ON_DEMAND">;
export type IncludeKeyMaterial = Open<"ALL_KEY_MATERIAL" | "ROTATIONS_ONLY">;

/** Describes the primary or replica key in a multi-Region key. */
export interface MultiRegionKey {
  /** Displays the key ARN of a primary or replica key of a multi-Region key. */
  Arn?: string;
  /** Displays the Amazon Web Services Region of a primary or replica key in a multi-Region key. */
  Region?: string;
}

/** Describes the configuration of this multi-Region key. */
export interface MultiRegionConfiguration {
  /** Indicates whether the KMS key is a PRIMARY or REPLICA key. */
  MultiRegionKeyType?: MultiRegionKeyType;
  /** Displays the key ARN and Region of the primary key. */
  PrimaryKey?: MultiRegionKey;
  /** displays the key ARNs and Regions of all replica keys. */
  ReplicaKeys?: MultiRegionKey[];
}

/** Information about the external key that is associated with a KMS key in an external key store. */
export interface XksKeyConfigurationType {
  /** The ID of the external key in its external key manager. */
  Id?: string;
}

/** Contains metadata about a KMS key. */
export interface KeyMetadata {
  /** The twelve-digit account ID of the Amazon Web Services account that owns the KMS key. */
  AWSAccountId?: string;
  /** The globally unique identifier for the KMS key. */
  KeyId: string;
  /** The Amazon Resource Name (ARN) of the KMS key. */
  Arn?: string;
  /** The date and time when the KMS key was created. */
  CreationDate?: Date;
  /** Specifies whether the KMS key is enabled. */
  Enabled?: boolean;
  /** The description of the KMS key. */
  Description?: string;
  /** The cryptographic operations for which you can use the KMS key. */
  KeyUsage?: KeyUsageType;
  /** The current status of the KMS key. */
  KeyState?: KeyState;
  /** The date and time after which KMS deletes this KMS key. */
  DeletionDate?: Date;
  /** The earliest time at which any imported key material permanently associated with this KMS key expires. */
  ValidTo?: Date;
  /** The source of the key material for the KMS key. */
  Origin?: OriginType;
  /** A unique identifier for the custom key store that contains the KMS key. */
  CustomKeyStoreId?: string;
  /** The cluster ID of the CloudHSM cluster that contains the key material for the KMS key. */
  CloudHsmClusterId?: string;
  /** Specifies whether the KMS key's key material expires. */
  ExpirationModel?: ExpirationModelType;
  /** The manager of the KMS key. */
  KeyManager?: KeyManagerType;
  /**
   * Instead, use the KeySpec field.
   * @deprecated This field has been deprecated. Instead, use the KeySpec field.
   */
  CustomerMasterKeySpec?: CustomerMasterKeySpec;
  /** Describes the type of key material in the KMS key. */
  KeySpec?: KeySpec;
  /** The encryption algorithms that the KMS key supports. */
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  /** The signing algorithms that the KMS key supports. */
  SigningAlgorithms?: SigningAlgorithmSpec[];
  /** The key agreement algorithm used to derive a shared secret. */
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
  /** The key encapsulation algorithm that the KMS key supports. */
  EncapsulationAlgorithms?: EncapsulationAlgorithmSpec[];
  /** Indicates whether the KMS key is a multi-Region (True) or regional (False) key. */
  MultiRegion?: boolean;
  /** Lists the primary and replica keys in same multi-Region key. */
  MultiRegionConfiguration?: MultiRegionConfiguration;
  /** The waiting period before the primary key in a multi-Region key is deleted. */
  PendingDeletionWindowInDays?: number;
  /** The message authentication code (MAC) algorithm that the HMAC KMS key supports. */
  MacAlgorithms?: MacAlgorithmSpec[];
  /** Information about the external key that is associated with a KMS key in an external key store. */
  XksKeyConfiguration?: XksKeyConfigurationType;
  /** Identifies the current key material. */
  CurrentKeyMaterialId?: string;
}

/** Contains information about each entry in the key list. */
export interface KeyListEntry {
  /** Unique identifier of the key. */
  KeyId?: string;
  /** ARN of the key. */
  KeyArn?: string;
}

/** Contains information about an alias. */
export interface AliasListEntry {
  /** String that contains the alias. */
  AliasName?: string;
  /** String that contains the key ARN. */
  AliasArn?: string;
  /** String that contains the key identifier of the KMS key associated with the alias. */
  TargetKeyId?: string;
  /** Date and time that the alias was most recently created in the account and Region. */
  CreationDate?: Date;
  /** Date and time that the alias was most recently associated with a KMS key in the account and Region. */
  LastUpdatedDate?: Date;
}

/** Each entry contains information about one of the key materials associated with a KMS key. */
export interface RotationsListEntry {
  /** Unique identifier of the key. */
  KeyId?: string;
  /** Unique identifier of the key material. */
  KeyMaterialId?: string;
  /** User-specified description of the key material. */
  KeyMaterialDescription?: string;
  /** Indicates if the key material is currently imported into KMS. */
  ImportState?: ImportState;
  /** There are four possible values for this field: CURRENT, NON_CURRENT, PENDING_MULTI_REGION_IMPORT_AND_ROTATION and PENDING_ROTATION. */
  KeyMaterialState?: KeyMaterialState;
  /** Indicates if the key material is configured to automatically expire. */
  ExpirationModel?: ExpirationModelType;
  /** Date and time at which the key material expires. */
  ValidTo?: Date;
  /** Date and time that the key material rotation completed. */
  RotationDate?: Date;
  /** Identifies whether the key material rotation was a scheduled automatic rotation or an on-demand rotation. */
  RotationType?: RotationType;
}

/** The input of `RotateKeyOnDemand`. */
export interface RotateKeyOnDemandInput {
  /** Identifies a symmetric encryption KMS key. */
  KeyId: string;
}

/** The output of `RotateKeyOnDemand`. */
export interface RotateKeyOnDemandOutput {
  /** Identifies the symmetric encryption KMS key that you initiated on-demand rotation on. */
  KeyId?: string;
}

/** The input of `GetKeyRotationStatus`. */
export interface GetKeyRotationStatusInput {
  /** Gets the rotation status for the specified KMS key. */
  KeyId: string;
}

/** The output of `GetKeyRotationStatus`. */
export interface GetKeyRotationStatusOutput {
  /** A Boolean value that specifies whether key rotation is enabled. */
  KeyRotationEnabled?: boolean;
  /** Identifies the specified symmetric encryption KMS key. */
  KeyId?: string;
  /** The number of days between each automatic rotation. */
  RotationPeriodInDays?: number;
  /** The next date that KMS will automatically rotate the key material. */
  NextRotationDate?: Date;
  /** Identifies the date and time that an in progress on-demand rotation was initiated. */
  OnDemandRotationStartDate?: Date;
}

/** The input of `ListKeyRotations`. */
export interface ListKeyRotationsInput {
  /** Gets the key rotations for the specified KMS key. */
  KeyId: string;
  /** Use this optional parameter to control which key materials associated with this key are listed in the response. */
  IncludeKeyMaterial?: IncludeKeyMaterial;
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number;
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string;
}

/** The output of `ListKeyRotations`. */
export interface ListKeyRotationsOutput {
  /** A list of completed key material rotations. */
  Rotations?: RotationsListEntry[];
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string;
  /** A flag that indicates whether there are more items in the list. */
  Truncated?: boolean;
}

/** The input of `ListKeys`. */
export interface ListKeysInput {
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number;
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string;
}

/** The output of `ListKeys`. */
export interface ListKeysOutput {
  /** A list of KMS keys. */
  Keys?: KeyListEntry[];
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string;
  /** A flag that indicates whether there are more items in the list. */
  Truncated?: boolean;
}

/** The input of `DescribeKey`. */
export interface DescribeKeyInput {
  /** Describes the specified KMS key. */
  KeyId: string;
}

/** The output of `DescribeKey`. */
export interface DescribeKeyOutput {
  /** Metadata associated with the key. */
  KeyMetadata?: KeyMetadata;
}

/** The input of `ListAliases`. */
export interface ListAliasesInput {
  /** Lists only aliases that are associated with the specified KMS key. */
  KeyId?: string;
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number;
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string;
}

/** The output of `ListAliases`. */
export interface ListAliasesOutput {
  /** A list of aliases. */
  Aliases?: AliasListEntry[];
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string;
  /** A flag that indicates whether there are more items in the list. */
  Truncated?: boolean;
}

/** The input of `EnableKeyRotation`. */
export interface EnableKeyRotationInput {
  /** Identifies a symmetric encryption KMS key. */
  KeyId: string;
  /** Use this parameter to specify a custom period of time between each rotation date. */
  RotationPeriodInDays?: number;
}

/** The input of `DisableKeyRotation`. */
export interface DisableKeyRotationInput {
  /** Identifies a symmetric encryption KMS key. */
  KeyId: string;
}

/** Operations that answer with nothing resolve to an empty object. */
export type EmptyOutput = Record<string, never>;
