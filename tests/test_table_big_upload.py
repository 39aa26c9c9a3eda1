"""A basin-sized export: 10,000 wells x 120 months (1.2 M rows) uploaded gzipped.

It goes through the REST upload, the row's preview and the tools' reader;
the figures are checked against the arrays the test generated.
"""

from __future__ import annotations

import gzip
import io
import uuid

import numpy as np
import pandas as pd
import pytest

from agents.tools.registry import ToolContext, get_tool
from chat.selectors import conversation_for_user

pytestmark = pytest.mark.django_db

WELLS = 10_000
MONTHS = 120


@pytest.fixture(scope="module")
def basin_export() -> tuple[bytes, pd.DataFrame]:
    generator = np.random.default_rng(20240601)
    qi = generator.uniform(200, 1500, WELLS)
    decline = generator.uniform(0.02, 0.08, WELLS)
    months = np.arange(MONTHS)
    oil = np.round(qi[:, None] * np.exp(-decline[:, None] * months[None, :]) * 30.4, 1)
    frame = pd.DataFrame(
        {
            "well_name": np.repeat([f"Well {i:05d}" for i in range(WELLS)], MONTHS),
            "date": np.tile(
                pd.date_range("2015-01-01", periods=MONTHS, freq="MS").strftime("%Y-%m-%d"), WELLS
            ),
            "oil_bbl": oil.ravel(),
        }
    )
    text = frame.to_csv(index=False).encode()
    return gzip.compress(text, compresslevel=1), frame


def test_a_million_row_gzipped_export_uploads_previews_and_reads_whole(
    alice, alice_client, basin_export
):
    data, reference = basin_export
    assert len(data) < 25 * 1024 * 1024  # under MAX_UPLOAD_SIZE
    conversation_id = uuid.uuid4()
    upload = io.BytesIO(data)
    upload.name = "basin_production.csv.gz"
    response = alice_client.post(f"/upload/{conversation_id}", {"file": upload})
    assert response.status_code == 200, response.content
    rowid = response.json()["file_path_db_rowid"]

    preview = alice_client.get(f"/db/{conversation_id}/{rowid}").json()["preview"]
    assert preview["columns"] == ["well_name", "date", "oil_bbl"]
    assert preview["rows"][:2] == [
        ["Well 00000", "2015-01-01", reference["oil_bbl"][0]],
        ["Well 00000", "2015-02-01", reference["oil_bbl"][1]],
    ]
    assert len(preview["rows"]) == 50

    conversation = conversation_for_user(user=alice, conversation_id=conversation_id)
    ctx = ToolContext(user=alice, conversation=conversation, log=lambda line: None)
    described = get_tool("describe_table")(ctx, rowid=rowid)
    assert described["rows"] == WELLS * MONTHS
    oil = next(c for c in described["columns"] if c["name"] == "oil_bbl")
    assert oil["sum"] == pytest.approx(float(reference["oil_bbl"].sum()), rel=1e-12)
    assert oil["max"] == pytest.approx(float(reference["oil_bbl"].max()))
    wells = next(c for c in described["columns"] if c["name"] == "well_name")
    assert wells["distinct"] == WELLS
    assert described["date_range"] == {"column": "date", "start": "2015-01-01", "end": "2024-12-01"}
