"""S3 mode: the pages' Content-Security-Policy lets the charts the bucket serves show.

A chart is shown in an ``<img>`` whose ``src`` is the link the storage makes:
presigned on the S3 endpoint (either addressing style, any region) or on the
bucket's custom domain. Each test takes a link boto3 or django-storages
really makes and checks it against the ``img-src`` the pages send, as a
browser would match it; against moto's S3 server, the link also serves the
chart's bytes with no headers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from django.test import Client
from storages.backends.s3 import S3Storage

from files.services import row_add
from project.csp import file_origins
from tests.factories import tool_context
from tests.test_storage_s3 import KEY_ID, REGION, SECRET

# The S3 fixtures (moto server, a fresh bucket), shared with test_storage_s3.
from tests.test_storage_s3 import bucket as bucket
from tests.test_storage_s3 import s3_endpoint as s3_endpoint

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def img_sources(header: str) -> list[str]:
    for directive in header.split(";"):
        name, *sources = directive.split()
        if name == "img-src":
            return sources
    return []


def allowed(url: str, sources: list[str]) -> bool:
    """Whether CSP's host-source matching lets ``url`` load under these sources."""
    parts = urlsplit(url)
    for source in sources:
        if source in ("'self'", "'none'") or (source.endswith(":") and "/" not in source):
            continue
        scheme, _, host = source.partition("://")
        if scheme != parts.scheme:
            continue
        if host == parts.netloc:
            return True
        if host.startswith("*.") and parts.netloc.endswith(host[1:]):
            return True
    return False


def test_a_chart_presigned_on_the_endpoint_is_allowed_by_the_page_and_loads(
    alice,
    bucket,
    settings,
):
    _client, name = bucket
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **policy["DIRECTIVES"],
            "img-src": [
                "'self'",
                "data:",
                *file_origins(bucket=name, endpoint_url=settings.AWS_S3_ENDPOINT_URL),
            ],
        }
    }
    ctx = tool_context(alice)
    row = row_add(
        conversation=ctx.conversation,
        type="chart",
        description="Decline curve of Hawkins 1H",
        file_name="decline.png",
        content=PNG,
    )
    browser = Client()
    browser.force_login(alice)
    conversation_id = ctx.conversation.conversation_id
    url = browser.get(f"/db/{conversation_id}/{row.rowid}").json()["url"]
    page = browser.get(f"/chat/{conversation_id}")

    assert url.startswith(settings.AWS_S3_ENDPOINT_URL + f"/{name}/")
    assert allowed(url, img_sources(page["Content-Security-Policy"]))
    with _http.open(url, timeout=10) as response:  # as an <img>: no headers
        assert response.read() == PNG


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
@pytest.mark.parametrize("style", ["virtual", "path", "auto"])
def test_links_presigned_by_boto3_on_aws_in_any_region_and_style_are_allowed(region, style):
    s3 = boto3.client(
        "s3",
        region_name=region,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4", s3={"addressing_style": style}),
    )
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": "derrick-files", "Key": "c/1/decline.png"}, ExpiresIn=600
    )
    sources = file_origins(bucket="derrick-files", region=region)
    assert allowed(url, sources), url
    if style == "virtual":  # another bucket's own host is not let in
        assert not allowed(url.replace("derrick-files", "someone-else", 1), sources)


def test_a_link_on_the_custom_domain_is_allowed():
    storage = S3Storage(
        bucket_name="derrick-files",
        custom_domain="files.derrick.example.com",
        access_key=KEY_ID,
        secret_key=SECRET,
        region_name=REGION,
    )
    url = storage.url("conversations/1/decline.png")
    sources = file_origins(bucket="derrick-files", custom_domain="files.derrick.example.com")
    assert url.startswith("https://files.derrick.example.com/")
    assert allowed(url, sources)
    assert not allowed("https://s3.amazonaws.com/derrick-files/x.png", sources)


def _img_src_of_settings(**env: str) -> list[str]:
    """img-src as settings.py builds it from these environment variables, in a fresh process."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, "DJANGO_SETTINGS_MODULE": "project.settings", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_build_img_src_from_the_bucket_variables():
    assert _img_src_of_settings() == ["'self'", "data:", "blob:"]
    regional = _img_src_of_settings(
        AWS_STORAGE_BUCKET_NAME="derrick-files", AWS_S3_REGION_NAME="eu-west-1"
    )
    assert "https://derrick-files.s3.eu-west-1.amazonaws.com" in regional
    minio = _img_src_of_settings(
        AWS_STORAGE_BUCKET_NAME="derrick-files", AWS_S3_ENDPOINT_URL="http://minio.internal:9000"
    )
    assert {"http://minio.internal:9000", "http://derrick-files.minio.internal:9000"} <= set(minio)
    cdn = _img_src_of_settings(
        AWS_STORAGE_BUCKET_NAME="derrick-files", AWS_S3_CUSTOM_DOMAIN="files.derrick.example.com"
    )
    assert cdn == ["'self'", "data:", "blob:", "https://files.derrick.example.com"]
