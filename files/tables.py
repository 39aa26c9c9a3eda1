"""Reading uploaded tables (CSV, TSV, Excel) into pandas data frames.

One reader for the previews of ``/db/<id>/<rowid>`` and for the agents'
tools, so both see the same columns.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

import pandas as pd

TABLE_EXTENSIONS = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls"}
_TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


class TableReadError(Exception):
    """The file is not a table we can read; the message says why, for a person."""


def is_table_name(name: str) -> bool:
    return PurePath(name).suffix.lower() in TABLE_EXTENSIONS


def _decode(raw: bytes) -> str:
    for encoding in _TEXT_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableReadError("the file's text encoding could not be read")  # latin-1 never fails


def _separator(name: str, text: str) -> str:
    if PurePath(name).suffix.lower() == ".tsv":
        return "\t"
    sample = text[:20_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_table(raw: bytes, name: str, *, nrows: int | None = None) -> pd.DataFrame:
    """The table in ``raw`` (the bytes of a file called ``name``).

    CSV/TSV are decoded as UTF-8 (with or without BOM), falling back to
    Windows-1252 and Latin-1; the separator is sniffed. Excel files are read
    with openpyxl (first sheet).
    """
    if not raw:
        raise TableReadError("the file is empty")
    suffix = PurePath(name).suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm", ".xls"}:
            frame = pd.read_excel(io.BytesIO(raw), nrows=nrows)
        else:
            text = _decode(raw)
            if not text.strip():
                raise TableReadError("the file is empty")
            frame = pd.read_csv(
                io.StringIO(text), sep=_separator(name, text), nrows=nrows, skipinitialspace=True
            )
    except TableReadError:
        raise
    except Exception as exc:  # pandas and openpyxl raise many kinds
        raise TableReadError(f"could not read {PurePath(name).name!r} as a table: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
