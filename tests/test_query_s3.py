"""query_table reads tables kept in S3 (moto's server) exactly as local ones."""

from __future__ import annotations

import pytest

from agents.tools.query import query_table
from files.models import Row
from tests.data_exports import as_file, awkward_production
from tests.factories import tool_context, upload_row
from tests.test_storage_s3 import bucket, s3_endpoint  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["export.csv.gz", "export.parquet"])
def test_a_query_over_an_upload_in_s3_matches_pandas_and_saves_its_result_there(
    alice,
    bucket,  # noqa: F811
    name,
):
    client, bucket_name = bucket
    ctx = tool_context(alice)
    frame = awkward_production()
    upload_row(ctx, name, as_file(frame, name))
    result = query_table(
        ctx,
        sql='SELECT "Well Name", SUM("Water (BBL)") AS water FROM export GROUP BY 1 ORDER BY 1',
    )
    expected = frame.groupby("Well Name")["Water (BBL)"].sum()
    assert result["rows"] == [[well, int(v)] for well, v in expected.items()]
    saved = Row.objects.get(conversation=ctx.conversation, rowid=result["result_rowid"])
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket_name)["Contents"]]
    assert saved.file.name in keys
