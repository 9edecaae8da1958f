"""kms-local with boto3: a second AWS client, from another language and signer."""

import json
import os
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

URL = os.environ.get("KMS_LOCAL_URL", "http://127.0.0.1:4599").rstrip("/")
DEMO = {
    "aws_access_key_id": "ASIAKMSLOCALDEMO0001",
    "aws_secret_access_key": "kmsLocalDemoSecretAccessKey0000000000000",
    "aws_session_token": "kms-local-demo-session-token",
}


def key(n):
    return f"dec0de00-0000-4000-8000-{n:012d}"


def client(region="us-east-1", **credentials):
    return boto3.client(
        "kms",
        region_name=region,
        endpoint_url=URL,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False),
        **(credentials or DEMO),
    )


@pytest.fixture(autouse=True)
def reset():
    request = urllib.request.Request(
        f"{URL}/_kms_local/reset",
        data=b"",
        method="POST",
        headers={"Content-Type": "application/json", "X-Kms-Local-Admin": "1"},
    )
    with urllib.request.urlopen(request) as response:
        assert json.load(response)["keys"] > 0


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_list_keys_paginates():
    kms = client()
    ids = []
    for page in kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 4}):
        ids += [k["KeyId"] for k in page["Keys"]]
    assert key(1) in ids and len(ids) == len(set(ids)) and len(ids) > 4


def test_describe_by_alias():
    meta = client().describe_key(KeyId="alias/payments")["KeyMetadata"]
    assert meta["KeyId"] == key(1)
    assert meta["KeySpec"] == "SYMMETRIC_DEFAULT"


def test_rotate_to_completion():
    kms = client()
    assert kms.rotate_key_on_demand(KeyId=key(3))["KeyId"] == key(3)
    assert "OnDemandRotationStartDate" in kms.get_key_rotation_status(KeyId=key(3))
    for _ in range(50):
        if "OnDemandRotationStartDate" not in kms.get_key_rotation_status(KeyId=key(3)):
            break
        time.sleep(0.2)
    else:
        pytest.fail("rotation did not complete")
    rotations = kms.list_key_rotations(KeyId=key(3))["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["ON_DEMAND"]
    assert len(rotations[0]["KeyMaterialId"]) == 64


@pytest.mark.parametrize(
    "key_id,code",
    [
        (key(6), "LimitExceededException"),
        (key(4), "ConflictException"),
        (key(7), "ConflictException"),
        (key(8), "UnsupportedOperationException"),
        (key(23), "DisabledException"),
        (key(24), "KMSInvalidStateException"),
    ],
)
def test_rotation_rules(key_id, code):
    with pytest.raises(ClientError) as excinfo:
        client().rotate_key_on_demand(KeyId=key_id)
    assert error_code(excinfo) == code


@pytest.mark.parametrize(
    "credentials,code",
    [
        (dict(DEMO, aws_secret_access_key="wrong"), "InvalidSignatureException"),
        (dict(DEMO, aws_access_key_id="AKIAUNKNOWNUNKNOWN00"), "UnrecognizedClientException"),
        (
            {
                "aws_access_key_id": "ASIAKMSLOCALEXPIRED1",
                "aws_secret_access_key": "kmsLocalExpiredSecretAccessKey0000000000",
                "aws_session_token": "kms-local-expired-session-token",
            },
            "ExpiredTokenException",
        ),
    ],
)
def test_signature_failures(credentials, code):
    with pytest.raises(ClientError) as excinfo:
        client(**credentials).list_keys()
    assert error_code(excinfo) == code


def test_validation_message():
    with pytest.raises(ClientError) as excinfo:
        client().list_keys(Limit=0)
    assert error_code(excinfo) == "ValidationException"


def _wrap(public_der, algorithm, material):
    """Wraps key material as a client does, with the `cryptography` package."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding

    public = serialization.load_der_public_key(public_der)
    sha256 = hashes.SHA256()
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=sha256), algorithm=sha256, label=None)
    if algorithm == "RSAES_OAEP_SHA_256":
        return public.encrypt(material, oaep)
    aes_key = os.urandom(32)
    return public.encrypt(aes_key, oaep) + aes_key_wrap_with_padding(aes_key, material)


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_256"])
def test_import_new_material_and_rotate(algorithm):
    kms = client()
    key_id = key(21)  # EXTERNAL, imported, nothing pending
    params = kms.get_parameters_for_import(
        KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec="RSA_2048"
    )
    imported = kms.import_key_material(
        KeyId=key_id,
        ImportToken=params["ImportToken"],
        EncryptedKeyMaterial=_wrap(params["PublicKey"], algorithm, os.urandom(32)),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
        ImportType="NEW_KEY_MATERIAL",
    )
    material_id = imported["KeyMaterialId"]
    kms.rotate_key_on_demand(KeyId=key_id)
    deadline = time.time() + 20
    while "OnDemandRotationStartDate" in kms.get_key_rotation_status(KeyId=key_id):
        assert time.time() < deadline, "the rotation did not complete"
        time.sleep(0.2)
    rotations = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")
    current = [r for r in rotations["Rotations"] if r["KeyMaterialState"] == "CURRENT"]
    assert [r["KeyMaterialId"] for r in current] == [material_id]
    assert current[0]["ImportState"] == "IMPORTED"


def test_tags_round_trip_and_errors():
    kms = client()
    key_id = key(2)
    kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "Purpose", "TagValue": "Test"}])
    tags = kms.list_resource_tags(KeyId=key_id)["Tags"]
    assert [t["TagKey"] for t in tags] == ["Purpose", "env", "team"]
    kms.untag_resource(KeyId=key_id, TagKeys=["Purpose", "missing"])
    pages = kms.get_paginator("list_resource_tags").paginate(KeyId=key(5), Limit=20)
    assert sum(len(p["Tags"]) for p in pages) == 50
    time.sleep(0.25)
    with pytest.raises(ClientError) as excinfo:
        kms.tag_resource(KeyId=key_id, Tags=[{"TagKey": "aws:x", "TagValue": "y"}])
    assert error_code(excinfo) == "TagException"
    with pytest.raises(ClientError) as excinfo:
        kms.tag_resource(KeyId=key(24), Tags=[{"TagKey": "a", "TagValue": "b"}])
    assert error_code(excinfo) == "KMSInvalidStateException"


def test_get_key_last_usage():
    kms = client()
    if not hasattr(kms, "get_key_last_usage"):
        pytest.skip("the installed botocore does not know GetKeyLastUsage")
    used = kms.get_key_last_usage(KeyId=key(1))
    assert used["KeyLastUsage"]["Operation"] == "Decrypt"
    assert used["KeyLastUsage"]["CloudTrailEventId"] == "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    never = kms.get_key_last_usage(KeyId=key(3))
    assert never.get("KeyLastUsage", {}) == {}
    assert never["KeyCreationDate"] == never["TrackingStartDate"]
