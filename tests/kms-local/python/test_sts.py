"""kms-local's STS with boto3: AssumeRole and GetCallerIdentity in the Query protocol,
XML answers and errors read by botocore's own parser, and the assumed sessions used
with KMS in another account of the estate (issue 13)."""

import datetime
import json
import os
import socket
import urllib.request
from urllib.parse import urlsplit

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from test_boto3 import DEMO, URL, client, error_code
from test_boto3 import reset  # noqa: F401 -- the autouse fixture: every test from the demo data

PARTNER = "444455556666"
LEDGER = "777788889999"
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False)


def operator(account):
    return f"arn:aws:iam::{account}:role/KmsRotateOperator"


def sts(region="us-east-1", endpoint=URL, **credentials):
    import boto3

    return boto3.client(
        "sts",
        region_name=region,
        endpoint_url=endpoint,
        config=NO_RETRY,
        **(credentials or DEMO),
    )


def session_of(answer):
    c = answer["Credentials"]
    return {
        "aws_access_key_id": c["AccessKeyId"],
        "aws_secret_access_key": c["SecretAccessKey"],
        "aws_session_token": c["SessionToken"],
    }


def admin(route, body):
    request = urllib.request.Request(
        f"{URL}/_kms_local/{route}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Kms-Local-Admin": "1"},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def test_get_caller_identity_of_the_demo_credentials():
    who = sts().get_caller_identity()
    assert who["Account"] == "111122223333"
    assert who["Arn"] == "arn:aws:iam::111122223333:user/kms-local"
    assert who["UserId"].startswith("AIDA") and len(who["UserId"]) == 21


def test_assume_role_then_list_another_accounts_keys():
    answer = sts().assume_role(RoleArn=operator(PARTNER), RoleSessionName="boto3")
    user = answer["AssumedRoleUser"]
    assert user["Arn"] == f"arn:aws:sts::{PARTNER}:assumed-role/KmsRotateOperator/boto3"
    assert user["AssumedRoleId"].startswith("AROA") and user["AssumedRoleId"].endswith(":boto3")
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    left = credentials["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(minutes=55) < left <= datetime.timedelta(hours=1, seconds=5)

    session = session_of(answer)
    who = sts(region="eu-west-1", **session).get_caller_identity()
    assert who["Account"] == PARTNER and who["Arn"] == user["Arn"]
    assert who["UserId"] == user["AssumedRoleId"]

    ids = sorted(k["KeyId"] for k in client("us-east-1", **session).list_keys()["Keys"])
    assert ids == [f"dec0de00-{a}-4000-8000-{n:012d}" for a, n in (("0000", 48), ("4444", 49), ("4444", 50))]
    apac = client("ap-southeast-2", **session).list_keys()["Keys"]
    assert {k["KeyId"] for k in apac} == {f"dec0de00-4444-4000-8000-{n:012d}" for n in (54, 55, 56)}
    assert all(k["KeyArn"].startswith(f"arn:aws:kms:ap-southeast-2:{PARTNER}:key/") for k in apac)


def test_another_role_is_access_denied():
    role = f"arn:aws:iam::{PARTNER}:role/NotTheOperator"
    with pytest.raises(ClientError) as e:
        sts().assume_role(RoleArn=role, RoleSessionName="boto3")
    assert error_code(e) == "AccessDenied"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert e.value.response["Error"]["Type"] == "Sender"
    assert e.value.response["Error"]["Message"] == (
        "User: arn:aws:iam::111122223333:user/kms-local is not authorized to perform: "
        f"sts:AssumeRole on resource: {role}"
    )


@pytest.mark.parametrize(
    "duration, words",
    [(899, "greater than or equal to 900"), (43201, "less than or equal to 43200")],
)
def test_duration_outside_900_to_43200_is_a_validation_error(duration, words):
    with pytest.raises(ClientError) as e:
        sts().assume_role(RoleArn=operator(LEDGER), RoleSessionName="boto3", DurationSeconds=duration)
    assert error_code(e) == "ValidationError"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert e.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy "
        f"constraint: Member must have value {words}"
    )


def test_session_name_and_external_id():
    with pytest.raises(ClientError) as e:
        sts().assume_role(RoleArn=operator(LEDGER), RoleSessionName="has space")
    assert error_code(e) == "ValidationError"
    role = f"arn:aws:iam::{PARTNER}:role/KmsRotateExternal"
    with pytest.raises(ClientError) as e:
        sts().assume_role(RoleArn=role, RoleSessionName="boto3", ExternalId="wrong-id")
    assert error_code(e) == "AccessDenied"
    ok = sts().assume_role(RoleArn=role, RoleSessionName="boto3", ExternalId="kms-local-external-id")
    assert ok["AssumedRoleUser"]["Arn"].endswith(":assumed-role/KmsRotateExternal/boto3")


def test_expired_sessions_are_refused():
    session = session_of(sts().assume_role(RoleArn=operator(PARTNER), RoleSessionName="boto3", DurationSeconds=900))
    admin("clock", {"advanceSeconds": 901})
    with pytest.raises(ClientError) as e:
        sts(**session).get_caller_identity()
    assert error_code(e) == "ExpiredToken"
    with pytest.raises(ClientError) as e:
        client(**session).list_keys()
    assert error_code(e) == "ExpiredTokenException"


def test_a_region_not_enabled_refuses_the_account():
    session = session_of(sts().assume_role(RoleArn=operator(LEDGER), RoleSessionName="boto3"))
    with pytest.raises(ClientError) as e:
        sts(region="ap-east-1", **session).get_caller_identity()
    assert error_code(e) == "InvalidClientTokenId"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(ClientError) as e:
        client("ap-east-1", **session).list_keys()
    assert error_code(e) == "UnrecognizedClientException"
    assert client("us-east-1", **session).list_keys()["Keys"]


def resolves(host):
    try:
        return any(a[4][0] in ("127.0.0.1", "::1") for a in socket.getaddrinfo(host, None))
    except OSError:
        return False


@pytest.mark.skipif(not resolves("sts.eu-west-1.localhost"), reason="*.localhost does not resolve here")
def test_per_region_host_names():
    port = urlsplit(URL).port
    endpoint = f"http://sts.eu-west-1.localhost:{port}"
    assert sts(region="eu-west-1", endpoint=endpoint).get_caller_identity()["Account"] == "111122223333"
    with pytest.raises(ClientError) as e:
        sts(region="us-east-1", endpoint=endpoint).get_caller_identity()
    assert error_code(e) == "SignatureDoesNotMatch"
