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
