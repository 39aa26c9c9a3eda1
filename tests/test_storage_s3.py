"""Files in S3: uploads, previews, presigned links and deletion, against moto's S3 server.

moto runs as a real HTTP server on 127.0.0.1; django-storages and boto3
talk to it over the wire exactly as they would to S3 (nothing is patched).
"""

from __future__ import annotations

import urllib.request
import uuid
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from chat.models import Conversation
from chat.services import conversation_get_or_create
from files.models import Row
from files.services import row_add
from tests.test_files_support import upload

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
KEY_ID = "testing-key-id"
SECRET = "testing-secret"

# No proxy from the environment may stand between us and 127.0.0.1.
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and Django's default storage pointed at it as settings.py would."""
    name = f"derrick-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        region_name=REGION,
    )
    client.create_bucket(Bucket=name)
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_ACCESS_KEY_ID = KEY_ID
    settings.AWS_SECRET_ACCESS_KEY = SECRET
    settings.AWS_S3_REGION_NAME = REGION
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = True
    settings.AWS_QUERYSTRING_EXPIRE = settings.FILE_URL_MAX_AGE_SECONDS
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    # conftest's autouse fixture points storage at a temporary folder: override again.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    yield client, name


def _keys(client, name: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", []))


def test_default_storage_is_s3_in_these_tests(bucket):
    from storages.backends.s3 import S3Storage

    assert isinstance(default_storage, S3Storage)


def test_an_upload_is_stored_in_the_bucket_under_our_name(alice, alice_client, bucket):
    client, name = bucket
    conversation_id = uuid.uuid4()
    response = upload(alice_client, conversation_id, "../Production 2024.csv", b"m,oil\n1,100\n")
    assert response.status_code == 200
    assert _keys(client, name) == [
        f"conversations/{alice.pk}/{conversation_id}/Production_2024.csv"
    ]
    body = client.get_object(Bucket=name, Key=Row.objects.get().file.name)["Body"].read()
    assert body == b"m,oil\n1,100\n"


def test_two_uploads_of_one_name_are_two_objects(alice_client, bucket):
    client, name = bucket
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "a.csv", b"x\n1\n")
    upload(alice_client, conversation_id, "a.csv", b"x\n2\n")
    keys = _keys(client, name)
    assert len(keys) == 2
    assert [client.get_object(Bucket=name, Key=k)["Body"].read() for k in keys] == sorted(
        [b"x\n1\n", b"x\n2\n"]
    )


def test_a_row_from_s3_is_previewed_and_its_presigned_link_downloads_it(
    alice_client, bucket, s3_endpoint, settings
):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "wells.csv", b"well,oil\nA-1,120\n")
    body = alice_client.get(f"/db/{conversation_id}/1").json()
    assert body["preview"] == {"columns": ["well", "oil"], "rows": [["A-1", 120]]}
    url = body["url"]
    assert url.startswith(s3_endpoint + "/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == [str(settings.FILE_URL_MAX_AGE_SECONDS)]
    assert "X-Amz-Signature" in query
    with _http.open(url, timeout=10) as response:  # no headers, as an <img> or a link
        assert response.read() == b"well,oil\nA-1,120\n"
        assert response.headers["Content-Disposition"] == 'attachment; filename="wells.csv"'


def test_the_object_is_private_only_the_signed_link_reads_it(alice_client, bucket, s3_endpoint):
    client, name = bucket
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "a.csv", b"x\n1\n")
    url = alice_client.get(f"/db/{conversation_id}/1").json()["url"]
    with _http.open(url, timeout=10) as response:
        assert response.read() == b"x\n1\n"
    with pytest.raises(HTTPError) as refused:
        _http.open(f"{s3_endpoint}{urlsplit(url).path}", timeout=10)
    assert refused.value.code == 403
    acl = client.get_object_acl(Bucket=name, Key=Row.objects.get().file.name)
    assert not any(grant["Grantee"].get("URI", "").endswith("AllUsers") for grant in acl["Grants"])


def test_a_data_row_links_to_our_signed_view_even_with_s3(alice, alice_client, bucket):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    row_add(conversation=conversation, type="result", description="NPV", data={"npv": 3})
    url = alice_client.get(f"/db/{conversation.conversation_id}/1").json()["url"]
    assert url.startswith("http://testserver/files/")
    assert alice_client.get(urlsplit(url).path).json() == {"npv": 3}


def test_a_broken_spreadsheet_in_s3_has_no_preview(alice_client, bucket):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "broken.xlsx", b"not a zip")
    response = alice_client.get(f"/db/{conversation_id}/1")
    assert response.status_code == 200
    assert response.json()["preview"] is None


def test_deleting_a_conversation_deletes_its_objects(
    alice, alice_client, bucket, django_capture_on_commit_callbacks
):
    client, name = bucket
    keep_id, doomed_id = uuid.uuid4(), uuid.uuid4()
    upload(alice_client, keep_id, "keep.csv", b"k\n")
    upload(alice_client, doomed_id, "a.csv", b"a\n")
    upload(alice_client, doomed_id, "b.csv", b"b\n")
    assert len(_keys(client, name)) == 3
    doomed = Conversation.objects.get(user=alice, conversation_id=doomed_id)
    with django_capture_on_commit_callbacks(execute=True):
        doomed.delete()
    assert _keys(client, name) == [f"conversations/{alice.pk}/{keep_id}/keep.csv"]


def test_a_presigned_link_for_a_deleted_object_stops_working(
    alice, alice_client, bucket, django_capture_on_commit_callbacks
):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "a.csv", b"x\n1\n")
    url = alice_client.get(f"/db/{conversation_id}/1").json()["url"]
    with django_capture_on_commit_callbacks(execute=True):
        Row.objects.get().delete()
    with pytest.raises(HTTPError) as refused:
        _http.open(url, timeout=10)
    # S3 says 403 rather than 404 to a reader who may not list the bucket.
    assert refused.value.code in (403, 404)
