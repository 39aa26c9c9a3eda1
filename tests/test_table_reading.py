"""The one table reader (files/tables.py): formats, pandas' typing, and its bounds.

References are pandas' own C parser on the same text, and tables built in
the test; the bombs are made here, a few kilobytes that expand to far more
than the limit.
"""

from __future__ import annotations

import gzip
import io
import zipfile

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal

from files.tables import (
    TableReadError,
    TableReadTimeout,
    TableTooLarge,
    accepted_extensions,
    is_table_name,
    read_table,
)

MIXED_CSV = (
    "Well Name, Oil (bbl),gas_mcf,flag,date,api,notes,,notes\n"
    "Hawkins 1H, 1200,15000.5,True,2020-01-01,0042,  first,1,a\n"
    "Hawkins 2H,  900,,False,2020-02-01,0043,NA,2,b\n"
    "Bluebonnet 3,  700,12000,True,2020-03-01,0044,n/a,3,c\n"
)


def _reference(text: str, **options) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), skipinitialspace=True, **options)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_types_columns_as_pandas_parser_does():
    frame = read_table(MIXED_CSV.encode(), "wells.csv")
    assert_frame_equal(frame, _reference(MIXED_CSV))
    assert list(frame.columns) == [
        "Well Name",
        "Oil (bbl)",
        "gas_mcf",
        "flag",
        "date",
        "api",
        "notes",
        "Unnamed: 7",
        "notes.1",
    ]


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_it_sniffs_the_separator(separator):
    text = MIXED_CSV.replace(",", separator)
    frame = read_table(text.encode(), "wells.txt")
    assert_frame_equal(frame, _reference(text, sep=separator))


def test_a_gzipped_csv_reads_as_the_plain_one():
    assert_frame_equal(read_table(_gzip(MIXED_CSV.encode()), "wells.csv.gz"), _reference(MIXED_CSV))


def test_a_gzipped_tsv_keeps_its_tab_separator():
    text = MIXED_CSV.replace(",", "\t")
    assert_frame_equal(read_table(_gzip(text.encode()), "w.tsv.gz"), _reference(text, sep="\t"))


def test_a_zip_holding_one_csv_reads_as_that_csv():
    data = _zip({"export/wells.csv": MIXED_CSV.encode(), "__MACOSX/._wells.csv": b"junk"})
    assert_frame_equal(read_table(data, "wells.zip"), _reference(MIXED_CSV))


def test_a_zip_with_two_files_is_refused_with_their_names():
    data = _zip({"a.csv": b"x\n1\n", "b.csv": b"y\n2\n"})
    with pytest.raises(TableReadError, match=r"exactly one table.*2 files: a\.csv, b\.csv"):
        read_table(data, "two.zip")


def test_a_zip_holding_no_table_is_refused():
    with pytest.raises(TableReadError, match="not a CSV, TSV or Parquet"):
        read_table(_zip({"report.pdf": b"%PDF-1.4"}), "report.zip")


def test_parquet_reads_column_wise_with_its_types():
    reference = pd.DataFrame(
        {
            "well": ["A", "B", None],
            "oil": [1.5, 2.5, np.nan],
            "month": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01"]),
        }
    )
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(reference, preserve_index=False), buffer)
    frame = read_table(buffer.getvalue(), "wells.parquet")
    assert frame["oil"].tolist()[:2] == [1.5, 2.5] and np.isnan(frame["oil"][2])
    assert frame["well"].tolist()[:2] == ["A", "B"] and pd.isna(frame["well"][2])
    assert list(frame["month"].dt.strftime("%Y-%m")) == ["2020-01", "2020-02", "2020-03"]
    assert len(read_table(buffer.getvalue(), "wells.parquet", nrows=2)) == 2


def test_a_parquet_inside_a_zip_reads_too():
    buffer = io.BytesIO()
    pq.write_table(pa.table({"x": [1, 2, 3]}), buffer)
    frame = read_table(_zip({"x.parquet": buffer.getvalue()}), "x.zip")
    assert frame["x"].tolist() == [1, 2, 3]


def test_excel_reads_its_first_sheet_in_a_reader_process():
    reference = pd.DataFrame({"Well": ["A", "B"], "Oil (bbl)": [100, 200]})
    buffer = io.BytesIO()
    reference.to_excel(buffer, index=False)
    assert_frame_equal(read_table(buffer.getvalue(), "wells.xlsx"), reference)


def test_windows_1252_and_a_utf8_bom_decode():
    text = "Puits,Volume (m³)\nÉté,1\n"
    assert read_table(text.encode("cp1252"), "a.csv").columns[1] == "Volume (m³)"
    assert read_table(b"\xef\xbb\xbf" + text.encode(), "a.csv").columns[0] == "Puits"
    # Valid UTF-8 for the first 64 KB, Windows-1252 further down.
    late = ("a,b\n" + "x,1\n" * 20_000).encode() + "é,2\n".encode("cp1252")
    assert read_table(late, "late.csv")["a"].iloc[-1] == "é"


def test_short_rows_are_padded_as_pandas_pads_them():
    text = "a,b,c\n1,2,3\n4,5\n"
    assert_frame_equal(read_table(text.encode(), "short.csv"), _reference(text))


def test_a_preview_reads_only_the_first_rows():
    text = "n,v\n" + "".join(f"{i},{i * 2}\n" for i in range(200_000))
    frame = read_table(_gzip(text.encode()), "big.csv.gz", nrows=50)
    assert frame["n"].tolist() == list(range(50))


@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_an_empty_file_is_a_clear_error(data):
    with pytest.raises(TableReadError, match="empty"):
        read_table(data, "empty.csv")


def test_broken_files_are_clear_errors():
    with pytest.raises(TableReadError, match="zip"):
        read_table(b"this is not a zip file", "broken.xlsx")
    with pytest.raises(TableReadError, match="Parquet"):
        read_table(b"PAR1 not really", "broken.parquet")
    with pytest.raises(TableReadError, match=r"not a readable gzip|could not read"):
        read_table(b"\x1f\x8b\x08 truncated", "broken.csv.gz")


def test_the_accepted_extensions_are_the_readable_ones():
    extensions = accepted_extensions()
    for extension in (".csv", ".tsv", ".txt", ".gz", ".zip", ".parquet", ".xlsx", ".xlsm"):
        assert extension in extensions
        assert is_table_name(f"wells{extension}")
    assert is_table_name("Wells.CSV.GZ")
    for name in ("old.xls", "report.pdf", "chart.png", "noextension"):
        assert not is_table_name(name)


# --- bombs -------------------------------------------------------------------


def _gzip_bomb(expanded: int) -> bytes:
    line = b"1,2,3\n"
    out = io.BytesIO()
    block = line * (1024 * 1024 // len(line))
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as handle:
        for _ in range(expanded // len(block)):
            handle.write(block)
    return out.getvalue()


def test_a_gzip_bomb_is_refused_past_the_limit(settings):
    settings.MAX_TABLE_BYTES = 4 * 1024 * 1024
    bomb = _gzip_bomb(64 * 1024 * 1024)
    assert len(bomb) < 300_000
    with pytest.raises(TableTooLarge, match=r"more than 4 MB.*MAX_TABLE_BYTES"):
        read_table(bomb, "wells.csv.gz")


def test_a_gzip_bomb_whose_trailer_lies_is_still_stopped(settings):
    settings.MAX_TABLE_BYTES = 2 * 1024 * 1024
    bomb = bytearray(_gzip_bomb(16 * 1024 * 1024))
    bomb[-4:] = (100).to_bytes(4, "little")  # says 100 bytes
    with pytest.raises(TableTooLarge):
        read_table(bytes(bomb), "wells.csv.gz")


def test_a_zip_bomb_is_refused_before_it_is_inflated(settings):
    settings.MAX_TABLE_BYTES = 4 * 1024 * 1024
    bomb = _zip({"wells.csv": b"1,2,3\n" * (10 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(TableTooLarge, match="it says 60 MB"):
        read_table(bomb, "wells.zip")


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _xlsx_with_shared_strings(shared_strings_xml: bytes) -> bytes:
    """A minimal workbook: one sheet whose cells A1, A2 are shared strings 0 and 1."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/sharedStrings.xml", shared_strings_xml)
    return out.getvalue()


def test_a_hand_made_workbook_reads_its_shared_strings():
    frame = read_table(_xlsx_with_shared_strings(_shared_strings(3)), "small.xlsx")
    assert list(frame.columns) == ["Well"] and frame["Well"].tolist() == ["bomb"]


def _shared_strings(count: int) -> bytes:
    head = f'<?xml version="1.0"?><sst xmlns="{_MAIN}">'.encode()
    return head + b"<si><t>Well</t></si>" + b"<si><t>bomb</t></si>" * count + b"</sst>"


def test_an_xlsx_shared_strings_bomb_is_refused_before_it_is_parsed(settings):
    settings.MAX_TABLE_BYTES = 16 * 1024 * 1024
    bomb = _xlsx_with_shared_strings(_shared_strings(5_000_000))  # ~100 MB of XML
    assert len(bomb) < 1_000_000
    with pytest.raises(TableTooLarge, match="more than 16 MB"):
        read_table(bomb, "costs.xlsx", nrows=50)


def test_an_xlsx_under_the_limit_that_reads_too_long_is_stopped(settings):
    settings.TABLE_READ_TIMEOUT_SECONDS = 1
    bomb = _xlsx_with_shared_strings(_shared_strings(5_000_000))
    with pytest.raises(TableReadTimeout, match=r"longer than 1 s.*TABLE_READ_TIMEOUT_SECONDS"):
        read_table(bomb, "costs.xlsx", nrows=50)


def test_a_parquet_dictionary_bomb_is_stopped_as_it_decodes(settings):
    settings.MAX_TABLE_BYTES = 8 * 1024 * 1024
    # Plain strings, which Parquet stores dictionary-encoded: tiny on disk, 200 MB decoded.
    table = pa.table({"note": pa.array(["x" * 1000] * 200_000)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(TableTooLarge):
        read_table(buffer.getvalue(), "notes.parquet")
