// Generated from kms-core's shape! declarations (which members) and the KMS service
// model, service-2.json (types, enum values, required members, documentation) by
// crates/kms-core/src/model/typescript.rs. Do not edit: run
//   KMS_REGENERATE=1 cargo test -p kms-core --lib typescript
//
// Shapes are those of the KMS API (and of @aws-sdk/client-kms): PascalCase members,
// `Date` timestamps, `Uint8Array` binary members. Enums are typed as their known values plus `string`, because KMS
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
export type KeyLastUsageTrackingOperation = Open<
  | "Decrypt"
  | "DeriveSharedSecret"
  | "Encrypt"
  | "GenerateDataKey"
  | "GenerateDataKeyPair"
  | "GenerateDataKeyPairWithoutPlaintext"
  | "GenerateDataKeyWithoutPlaintext"
  | "GenerateMac"
  | "ReEncrypt"
  | "Sign"
  | "Verify"
  | "VerifyMac"
  | "Encapsulate"
  | "Decapsulate"
>;
export type IncludeKeyMaterial = Open<"ALL_KEY_MATERIAL" | "ROTATIONS_ONLY">;
export type AlgorithmSpec = Open<
  | "RSAES_PKCS1_V1_5"
  | "RSAES_OAEP_SHA_1"
  | "RSAES_OAEP_SHA_256"
  | "RSA_AES_KEY_WRAP_SHA_1"
  | "RSA_AES_KEY_WRAP_SHA_256"
  | "SM2PKE"
>;
export type WrappingKeySpec = Open<"RSA_2048" | "RSA_3072" | "RSA_4096" | "SM2">;
export type ImportType = Open<"NEW_KEY_MATERIAL" | "EXISTING_KEY_MATERIAL">;

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

/** A key-value pair. */
export interface Tag {
  /** The key of the tag. */
  TagKey: string;
  /** The value of the tag. */
  TagValue: string;
}

/** Contains usage information about the last time the KMS key was used for a successful cryptographic operation. */
export interface KeyLastUsageData {
  /** The last successful cryptographic operation the KMS key was used for. */
  Operation?: KeyLastUsageTrackingOperation;
  /** The date and time when the KMS key was most recently used for a successful cryptographic operation. */
  Timestamp?: Date;
  /** The CloudTrail eventId associated with the last successful cryptographic operation. */
  CloudTrailEventId?: string;
  /** The KMS request ID associated with the last successful cryptographic operation. */
  KmsRequestId?: string;
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

/** The input of `GetParametersForImport`. */
export interface GetParametersForImportInput {
  /** The identifier of the KMS key that will be associated with the imported key material. */
  KeyId: string;
  /** The algorithm you will use with the RSA public key (PublicKey) in the response to protect your key material during import. */
  WrappingAlgorithm: AlgorithmSpec;
  /** The type of RSA public key to return in the response. */
  WrappingKeySpec: WrappingKeySpec;
}

/** The output of `GetParametersForImport`. */
export interface GetParametersForImportOutput {
  /** The Amazon Resource Name (key ARN) of the KMS key to use in a subsequent ImportKeyMaterial request. */
  KeyId?: string;
  /** The import token to send in a subsequent ImportKeyMaterial request. */
  ImportToken?: Uint8Array;
  /** The public key to use to encrypt the key material before importing it with ImportKeyMaterial. */
  PublicKey?: Uint8Array;
  /** The time at which the import token and public key are no longer valid. */
  ParametersValidTo?: Date;
}

/** The input of `ImportKeyMaterial`. */
export interface ImportKeyMaterialInput {
  /** The identifier of the KMS key that will be associated with the imported key material. */
  KeyId: string;
  /** The import token that you received in the response to a previous GetParametersForImport request. */
  ImportToken: Uint8Array;
  /** The encrypted key material to import. */
  EncryptedKeyMaterial: Uint8Array;
  /** The date and time when the imported key material expires. */
  ValidTo?: Date;
  /** Specifies whether the key material expires. */
  ExpirationModel?: ExpirationModelType;
  /** Indicates whether the key material being imported is previously associated with this KMS key or not. */
  ImportType?: ImportType;
  /** Description for the key material being imported. */
  KeyMaterialDescription?: string;
  /** Identifies the key material being imported. */
  KeyMaterialId?: string;
}

/** The output of `ImportKeyMaterial`. */
export interface ImportKeyMaterialOutput {
  /** The Amazon Resource Name (key ARN) of the KMS key into which key material was imported. */
  KeyId?: string;
  /** Identifies the imported key material. */
  KeyMaterialId?: string;
}

/** The input of `DeleteImportedKeyMaterial`. */
export interface DeleteImportedKeyMaterialInput {
  /** Identifies the KMS key from which you are deleting imported key material. */
  KeyId: string;
  /** Identifies the imported key material you are deleting. */
  KeyMaterialId?: string;
}

/** The output of `DeleteImportedKeyMaterial`. */
export interface DeleteImportedKeyMaterialOutput {
  /** The Amazon Resource Name (key ARN) of the KMS key from which the key material was deleted. */
  KeyId?: string;
  /** Identifies the deleted key material. */
  KeyMaterialId?: string;
}

/** The input of `ListResourceTags`. */
export interface ListResourceTagsInput {
  /** Gets tags on the specified KMS key. */
  KeyId: string;
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number;
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string;
}

/** The output of `ListResourceTags`. */
export interface ListResourceTagsOutput {
  /** A list of tags. */
  Tags?: Tag[];
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string;
  /** A flag that indicates whether there are more items in the list. */
  Truncated?: boolean;
}

/** The input of `TagResource`. */
export interface TagResourceInput {
  /** Identifies a customer managed key in the account and Region. */
  KeyId: string;
  /** One or more tags. */
  Tags: Tag[];
}

/** The input of `UntagResource`. */
export interface UntagResourceInput {
  /** Identifies the KMS key from which you are removing tags. */
  KeyId: string;
  /** One or more tag keys. */
  TagKeys: string[];
}

/** The input of `GetKeyLastUsage`. */
export interface GetKeyLastUsageInput {
  /** Identifies the KMS key to get usage information for. */
  KeyId: string;
}

/** The output of `GetKeyLastUsage`. */
export interface GetKeyLastUsageOutput {
  /** The globally unique identifier for the KMS key. */
  KeyId?: string;
  /** Contains usage information about the last time the KMS key was used for a successful cryptographic operation. */
  KeyLastUsage?: KeyLastUsageData;
  /** The date from which KMS began recording cryptographic activity for this key, or the date the KMS key was created, whichever is later. */
  TrackingStartDate?: Date;
  /** The date and time when the KMS key was created. */
  KeyCreationDate?: Date;
}

/** Operations that answer with nothing resolve to an empty object. */
export type EmptyOutput = Record<string, never>;

/** The KMS operations, a method each on {@link KmsClient}: one request, its output. */
export interface KmsOperations {
  /**
   * `RotateKeyOnDemand`: Immediately initiates rotation of the key material of the specified
   * symmetric encryption KMS key. Not idempotent: spends one of 25 on-demand rotations. Reads
   * the key's rotation status and history first: a key already rotating is refused with {@link
   * KmsInputError} (`field: "KeyId"`), nothing sent. Resolves once KMS accepted the rotation
   * (it completes within minutes: {@link KmsClient.waitForRotation}). After an ambiguous
   * failure (5xx, lost connection) it never resends: it reads the key again and resolves if a
   * new rotation shows, else rejects with {@link KmsRotationUnconfirmedError}. Any other error:
   * not carried out.
   */
  rotateKeyOnDemand(input: RotateKeyOnDemandInput): Promise<RotateKeyOnDemandOutput>;
  /**
   * `GetKeyRotationStatus`: Provides detailed information about the rotation status for a KMS
   * key, including whether automatic rotation of the key material is enabled for the specified
   * KMS key, the rotation period, and the next scheduled rotation date.
   */
  getKeyRotationStatus(input: GetKeyRotationStatusInput): Promise<GetKeyRotationStatusOutput>;
  /**
   * `ListKeyRotations`: Returns information about the key materials associated with the
   * specified KMS key. One page; see {@link KmsClient.keyRotations} for all.
   */
  listKeyRotations(input: ListKeyRotationsInput): Promise<ListKeyRotationsOutput>;
  /**
   * `ListKeys`: Gets a list of all KMS keys in the caller's Amazon Web Services account and
   * Region. One page; see {@link KmsClient.keys} for all.
   */
  listKeys(input?: ListKeysInput): Promise<ListKeysOutput>;
  /**
   * `DescribeKey`: Provides detailed information about a KMS key.
   */
  describeKey(input: DescribeKeyInput): Promise<DescribeKeyOutput>;
  /**
   * `ListAliases`: Gets a list of aliases in the caller's Amazon Web Services account and
   * region. One page; see {@link KmsClient.aliases} for all.
   */
  listAliases(input?: ListAliasesInput): Promise<ListAliasesOutput>;
  /**
   * `EnableKeyRotation`: Enables automatic rotation of the key material of the specified
   * symmetric encryption KMS key.
   */
  enableKeyRotation(input: EnableKeyRotationInput): Promise<EmptyOutput>;
  /**
   * `DisableKeyRotation`: Disables automatic rotation of the key material of the specified
   * symmetric encryption KMS key.
   */
  disableKeyRotation(input: DisableKeyRotationInput): Promise<EmptyOutput>;
  /**
   * `GetParametersForImport`: Returns the public key and an import token you need to import or
   * reimport key material for a KMS key.
   */
  getParametersForImport(input: GetParametersForImportInput): Promise<GetParametersForImportOutput>;
  /**
   * `ImportKeyMaterial`: Imports or reimports key material into an existing KMS key that was
   * created without key material. Not resent after an ambiguous failure (5xx, lost connection):
   * read the key's material with {@link KmsClient.keyRotations} (`IncludeKeyMaterial:
   * "ALL_KEY_MATERIAL"`) to see whether it arrived.
   */
  importKeyMaterial(input: ImportKeyMaterialInput): Promise<ImportKeyMaterialOutput>;
  /**
   * `DeleteImportedKeyMaterial`: Deletes key material that was previously imported.
   */
  deleteImportedKeyMaterial(input: DeleteImportedKeyMaterialInput): Promise<DeleteImportedKeyMaterialOutput>;
  /**
   * `ListResourceTags`: Returns all tags on the specified KMS key.
   */
  listResourceTags(input: ListResourceTagsInput): Promise<ListResourceTagsOutput>;
  /**
   * `TagResource`: Adds or edits tags on a customer managed key.
   */
  tagResource(input: TagResourceInput): Promise<EmptyOutput>;
  /**
   * `UntagResource`: Deletes tags from a customer managed key.
   */
  untagResource(input: UntagResourceInput): Promise<EmptyOutput>;
  /**
   * `GetKeyLastUsage`: Returns usage information about the last successful cryptographic
   * operation performed with a specified KMS key, including the operation type, timestamp, and
   * associated CloudTrail event ID.
   */
  getKeyLastUsage(input: GetKeyLastUsageInput): Promise<GetKeyLastUsageOutput>;
}
