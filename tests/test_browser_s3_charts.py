"""S3 mode in Chromium: a fit's chart, served from the bucket by a presigned link, shows.

The server runs with its files in a bucket (moto's S3 server on 127.0.0.1);
the chart's ``<img>`` loads from the bucket's origin, which the pages'
Content-Security-Policy must allow (``project/csp.py``), with no refusal in
the console.
"""

from __future__ import annotations

import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.browser import ROOT, ask, need_chromium, serve, sign_up, wait_ready

pytestmark = pytest.mark.browser

KEY_ID, SECRET, REGION = "testing-key-id", "testing-secret", "us-east-1"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    need_chromium()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, port = moto.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        bucket = f"derrick-{uuid.uuid4().hex[:12]}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
            region_name=REGION,
        ).create_bucket(Bucket=bucket)
        home = tmp_path_factory.mktemp("browser-s3")
        with serve(
            home,
            AWS_STORAGE_BUCKET_NAME=bucket,
            AWS_S3_ENDPOINT_URL=endpoint,
            AWS_ACCESS_KEY_ID=KEY_ID,
            AWS_SECRET_ACCESS_KEY=SECRET,
            AWS_S3_REGION_NAME=REGION,
        ) as url:
            yield {"url": url, "endpoint": endpoint, "bucket": bucket}
    finally:
        moto.stop()


def test_a_fits_chart_from_the_bucket_shows_in_its_answer_under_the_policy(s3_server, page):
    sign_up(page, s3_server["url"])
    page.set_input_files("#upload-input", str(ROOT / "samples" / "production_monthly.csv"))
    page.wait_for_selector('#rows-body tr[data-rowid="1"]', state="attached")
    wait_ready(page)
    ask(page, "fit a decline to the oil")

    chart = page.locator(".msg--agent .result--chart img").first
    chart.wait_for()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert chart.is_visible()
    src = chart.evaluate("i => i.src")
    assert src.startswith(f"{s3_server['endpoint']}/{s3_server['bucket']}/"), src
    assert "X-Amz-Signature=" in src
    assert page.js_errors == []
