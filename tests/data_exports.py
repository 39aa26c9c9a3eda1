"""Exports with awkward column names, made from the sample production file, for data tests.

Each export holds the same wells and volumes as ``samples/production_monthly.csv``
under the names other tools write: spaces, units in brackets, a ``#``, a
SQL keyword, a column that differs from another only by case, US dates,
API numbers punctuated differently. Tests compute their references with
pandas from the frame returned here, never with the tool's helpers.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pandas as pd

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PRODUCTION = SAMPLES / "production_monthly.csv"


def sample_production() -> pd.DataFrame:
    """The sample file as pandas reads it (dates as datetimes)."""
    frame = pd.read_csv(PRODUCTION)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def awkward_production() -> pd.DataFrame:
    """The sample's data under awkward names (see the module docstring)."""
    base = sample_production()
    return pd.DataFrame(
        {
            "Well Name": base["well_name"].str.upper(),
            "API #": base["api"].str.replace("-", "", regex=False) + "0000",  # API 14, no dashes
            "Prod Date": base["date"].dt.strftime("%m/%d/%Y"),
            "Oil (bbl)": base["oil_bbl"],
            "Gas, Mcf": base["gas_mcf"],
            "Water (BBL)": base["water_bbl"],
            "select": base["oil_bbl"] % 7,  # a SQL keyword as a column name
            "oil (BBL)": base["oil_bbl"] * 2,  # the same as "Oil (bbl)" but for case
        }
    )


def well_headers() -> pd.DataFrame:
    """One row per sample well: API 10 with dashes, county, operator, formation, lateral."""
    return pd.DataFrame(
        {
            "API Number": ["42-301-34567", "42-301-34568", "42-389-20411", "42-389-20587"],
            "Lease Name": ["Hawkins #1H", "HAWKINS 2H", "Bluebonnet 3H", "Mesquite 4H"],
            "County": ["Loving", "Loving", "Reeves", "Reeves"],
            "Operator": ["Permian Ridge", "Permian Ridge", "Lone Star Energy", "Permian Ridge"],
            "Formation": ["Wolfcamp A", "Wolfcamp A", "Bone Spring", "Wolfcamp B"],
            "Lateral Length (ft)": [9850, 10120, 7400, 10480],
        }
    )


def as_file(frame: pd.DataFrame, name: str) -> bytes:
    """``frame`` written as the file ``name`` says: .csv, .csv.gz, .zip, .parquet, .xlsx."""
    if name.endswith(".parquet"):
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    if name.endswith(".xlsx"):
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False)
        return buffer.getvalue()
    text = frame.to_csv(index=False).encode("utf-8")
    if name.endswith(".gz"):
        return gzip.compress(text)
    if name.endswith(".zip"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name[: -len(".zip")] + ".csv", text)
        return buffer.getvalue()
    return text
