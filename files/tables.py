"""Reading uploaded tables into pandas data frames, bounded in size and time.

One reader for the previews of ``/db/<id>/<rowid>`` and for the agents'
tools, so both see the same columns. Formats (``TABLE_EXTENSIONS``, which
the upload picker uses too): CSV, TSV and text tables, plain or gzipped
(``.gz``) or as the one table of a ``.zip``; Parquet; Excel workbooks
(``.xlsx``, ``.xlsm``, first sheet).

Every read is bounded:

- in decompressed size, ``MAX_TABLE_BYTES``: a gzip, zip or Parquet file
  is refused as soon as what it expands to passes the limit (before any
  decompression when its header already says so), so no bomb gets through;
- in time and in the web process's GIL: text and Parquet are parsed
  column-wise by pyarrow, whose C++ readers release the GIL, and a preview
  reads only the first megabyte of text; Excel (openpyxl is pure Python:
  its shared strings can be a bomb of their own) is read in a separate
  process with a deadline, ``TABLE_READ_TIMEOUT_SECONDS``, and killed past
  it.

Failures are ``TableReadError`` (or its ``TableTooLarge`` and
``TableReadTimeout``) with a message for a person.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import logging
import multiprocessing
import os
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from django.conf import settings
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

# What uploads may be, for tools and previews (and the file picker's ``accept``).
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
TABLE_EXTENSIONS: tuple[str, ...] = (
    *TEXT_EXTENSIONS,
    ".gz",
    ".zip",
    ".parquet",
    *EXCEL_EXTENSIONS,
)
# What the one table inside a .zip may be.
_ZIPPED_EXTENSIONS = (*TEXT_EXTENSIONS, ".parquet")

# A preview parses at most this much decompressed text (whole lines).
PREVIEW_TEXT_BYTES = 1024 * 1024
_HEAD_BYTES = 64 * 1024
_SNIFF_CHARS = 20_000
_BLOCK_BYTES = 4 * 1024 * 1024
_PARQUET_BATCH_ROWS = 65_536
_COPY_CHUNK = 1024 * 1024
_DEFLATE_MAX_RATIO = 1032
_BOOLEAN_WORDS = {"true": True, "false": False}

Source = bytes | bytearray | str | os.PathLike | IO[bytes]


class TableReadError(Exception):
    """The file is not a table we can read; the message says why, for a person."""


class TableTooLarge(TableReadError):
    """The table expands past ``MAX_TABLE_BYTES``."""


class TableReadTimeout(TableReadError):
    """Reading the table took longer than ``TABLE_READ_TIMEOUT_SECONDS``."""


@dataclass(frozen=True)
class TableFormat:
    """How a file called ``name`` is read: ``kind`` text/excel/parquet, maybe compressed."""

    kind: str
    compression: str | None = None
    separator: str | None = None  # "\t" for .tsv; else sniffed


def accepted_extensions() -> tuple[str, ...]:
    """The file-name endings tools and previews read (the upload picker offers these)."""
    return TABLE_EXTENSIONS


def table_format(name: str) -> TableFormat | None:
    """The format a file name says, or None when it is not a table we read."""
    suffixes = [s.lower() for s in PurePath(name).suffixes]
    if not suffixes:
        return None
    last = suffixes[-1]
    if last == ".gz":
        inner = suffixes[-2] if len(suffixes) > 1 else ".csv"
        if inner not in (*TEXT_EXTENSIONS, ".csv"):
            inner = ".csv"  # "export.gz", "wells.2024.gz": a gzipped text table
        return TableFormat("text", "gzip", "\t" if inner == ".tsv" else None)
    if last == ".zip":
        return TableFormat("text", "zip")
    if last == ".parquet":
        return TableFormat("parquet")
    if last in EXCEL_EXTENSIONS:
        return TableFormat("excel")
    if last in TEXT_EXTENSIONS:
        return TableFormat("text", None, "\t" if last == ".tsv" else None)
    return None


def is_table_name(name: str) -> bool:
    return table_format(name) is not None


def max_table_bytes() -> int:
    return settings.MAX_TABLE_BYTES


def read_timeout_seconds() -> float:
    return float(settings.TABLE_READ_TIMEOUT_SECONDS)


def _shown_size(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:,.0f} MB" if megabytes >= 1 else f"{size:,} bytes"


def _too_large(name: str, limit: int, declared: int | None = None) -> TableTooLarge:
    said = f" (it says {_shown_size(declared)})" if declared else ""
    return TableTooLarge(
        f"{PurePath(name).name!r} expands to more than {_shown_size(limit)}{said}, the largest "
        "table this server reads (MAX_TABLE_BYTES). Split it, or upload only the columns needed."
    )


# --- sources -----------------------------------------------------------------


@contextlib.contextmanager
def _as_path(source: Source) -> Iterator[str]:
    """A path on disk holding ``source``'s bytes (a temporary copy if it has none)."""
    if isinstance(source, str | os.PathLike):
        yield os.fspath(source)
        return
    with tempfile.NamedTemporaryFile(prefix="derrick-table-", delete=False) as handle:
        try:
            if isinstance(source, bytes | bytearray):
                handle.write(source)
            else:
                with contextlib.suppress(AttributeError, OSError, ValueError):
                    source.seek(0)
                shutil.copyfileobj(source, handle, _COPY_CHUNK)
            handle.close()
            yield handle.name
        finally:
            with contextlib.suppress(OSError):
                os.unlink(handle.name)


class _Bounded(io.RawIOBase):
    """A readable stream that raises ``TableTooLarge`` once more than ``limit`` bytes came out."""

    def __init__(self, raw: Any, *, limit: int, name: str) -> None:
        super().__init__()
        self._raw = raw
        self._limit = limit
        self._name = name
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        size = len(data)
        self.count += size
        if self.count > self._limit:
            raise _too_large(self._name, self._limit)
        buffer[:size] = data
        return size

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()
        super().close()


def _gzip_declared_size(path: str) -> int | None:
    """The size a gzip file's trailer states, when it can be true (modulo 4 GiB: a hint).

    Deflate expands at most about 1,032 times: a larger claim is a broken
    file, left to the decompressor to refuse.
    """
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            handle.seek(-4, os.SEEK_END)
            declared = struct.unpack("<I", handle.read(4))[0]
    except OSError:
        return None
    return declared if declared <= size * _DEFLATE_MAX_RATIO else None


def _zip_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """The one table a .zip holds, or a TableReadError saying what it holds instead."""
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not PurePath(info.filename).name.startswith(".")
    ]
    shown = PurePath(name).name
    if len(members) != 1:
        listing = ", ".join(PurePath(m.filename).name for m in members[:5]) or "nothing"
        raise TableReadError(
            f"{shown!r} must hold exactly one table (CSV, TSV or Parquet); it holds "
            f"{len(members)} files: {listing}{'...' if len(members) > 5 else ''}."
        )
    member = members[0]
    if PurePath(member.filename).suffix.lower() not in _ZIPPED_EXTENSIONS:
        raise TableReadError(
            f"{shown!r} holds {PurePath(member.filename).name!r}, which is not a CSV, TSV or "
            "Parquet table."
        )
    if member.flag_bits & 0x1:
        raise TableReadError(f"{shown!r} is encrypted: upload it without a password.")
    return member


# --- text tables ---------------------------------------------------------------


def _decoder_name(head: bytes) -> str:
    """utf-8 (BOM or not) when the head decodes so, else Windows-1252, else Latin-1."""
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=False)  # a character cut at the end is fine
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _separator(hint: str | None, text: str) -> str:
    if hint:
        return hint
    try:
        return csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _column_names(text: str, separator: str) -> list[str]:
    """The header's names as pandas makes them: stripped, blanks "Unnamed: i", repeats ".1"."""
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=separator, skipinitialspace=True))
    except (StopIteration, csv.Error):
        header = []
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip() or f"Unnamed: {index}"
        if name in seen:
            seen[name] += 1
            candidate = f"{name}.{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}.{seen[name]}"
            name = candidate
        seen.setdefault(name, 0)
        names.append(name)
    return names


def _typed_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column read as text, typed as pandas' parser would: int, float, bool or text.

    Leading blanks are dropped (``skipinitialspace``); numbers may carry
    blanks around them. Missing cells (pandas' NA words) are null.
    """
    if column.null_count == len(column):
        return pa.chunked_array([pa.nulls(len(column), pa.float64())])
    for target in (pa.int64(), pa.float64()):
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return pc.cast(column, target)
    text = pc.utf8_ltrim_whitespace(column)
    trimmed = pc.utf8_rtrim_whitespace(text)
    for target in (pa.int64(), pa.float64()):
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return pc.cast(trimmed, target)
    if column.null_count == 0:
        lowered = pc.utf8_lower(trimmed)
        if pc.all(pc.is_in(lowered, pa.array(list(_BOOLEAN_WORDS)))).as_py():
            return pc.equal(lowered, "true")
    return text


def _frame_from_arrow(table: pa.Table, names: list[str]) -> pd.DataFrame:
    columns = {name: _typed_column(table.column(i)) for i, name in enumerate(names)}
    frame = pa.table(columns).to_pandas() if columns else pd.DataFrame()
    frame.columns = names
    return frame


def _read_text_arrow(
    opener: Callable[[], IO[bytes]], *, encoding: str, separator: str, names: list[str], nrows
) -> pa.Table:
    read_options = pa_csv.ReadOptions(
        column_names=[f"c{i}" for i in range(len(names))],
        skip_rows=1,
        block_size=_BLOCK_BYTES,
        encoding="utf8" if encoding == "utf-8" else encoding,
    )
    parse_options = pa_csv.ParseOptions(delimiter=separator, newlines_in_values=True)
    convert_options = pa_csv.ConvertOptions(
        column_types={f"c{i}": pa.string() for i in range(len(names))},
        strings_can_be_null=True,
    )
    with opener() as stream:
        if nrows is None:
            return pa_csv.read_csv(
                stream,
                read_options=read_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
        reader = pa_csv.open_csv(
            stream,
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
        batches, count = [], 0
        for batch in reader:
            batches.append(batch)
            count += batch.num_rows
            if count >= nrows:
                break
        return pa.Table.from_batches(batches, schema=reader.schema).slice(0, nrows)


def _read_text_pandas(
    opener: Callable[[], IO[bytes]], *, encoding: str, separator: str, nrows
) -> pd.DataFrame:
    """pandas' own parser, for the ragged files pyarrow refuses (short rows padded)."""
    with opener() as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig" if encoding == "utf-8" else encoding)
        return pd.read_csv(text, sep=separator, nrows=nrows, skipinitialspace=True)


def _read_text(
    opener: Callable[[], IO[bytes]], name: str, *, separator_hint: str | None, nrows
) -> pd.DataFrame:
    with opener() as stream:
        head = stream.read(_HEAD_BYTES)
    if not head.strip():
        raise TableReadError("the file is empty")
    encoding = _decoder_name(head)
    text = head.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="ignore")
    separator = _separator(separator_hint, text)
    names = _column_names(text, separator)
    if not names:
        raise TableReadError("the file has no header row")
    try:
        try:
            table = _read_text_arrow(
                opener, encoding=encoding, separator=separator, names=names, nrows=nrows
            )
        except pa.ArrowInvalid as exc:
            if "UTF8" in str(exc) and encoding == "utf-8":
                encoding = "cp1252"  # valid at the head, not further down
                table = _read_text_arrow(
                    opener, encoding=encoding, separator=separator, names=names, nrows=nrows
                )
            else:
                raise
    except pa.ArrowInvalid as exc:
        if "columns" not in str(exc):
            raise TableReadError(str(exc)) from exc
        frame = _read_text_pandas(opener, encoding=encoding, separator=separator, nrows=nrows)
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame
    return _frame_from_arrow(table, names)


def _text_opener(
    path: str, fmt: TableFormat, name: str, *, limit: int, nrows
) -> Callable[[], IO[bytes]]:
    """A function that opens the (decompressed) text, bounded in bytes, afresh each call."""
    budget = limit if nrows is None else min(limit, PREVIEW_TEXT_BYTES)

    def bounded(raw: Any) -> IO[bytes]:
        stream = _Bounded(raw, limit=limit, name=name)
        if nrows is None:
            return io.BufferedReader(stream, _BLOCK_BYTES)
        return _Prefix(stream, budget)

    if fmt.compression == "gzip":
        declared = _gzip_declared_size(path)
        if nrows is None and declared is not None and declared > limit:
            raise _too_large(name, limit, declared)
        return lambda: bounded(pa.input_stream(path, compression="gzip"))
    if fmt.compression == "zip":
        archive = _open_zip(path, name)
        member = _zip_member(archive, name)
        archive.close()
        if member.file_size > limit:
            raise _too_large(name, limit, member.file_size)

        def open_member() -> IO[bytes]:
            return bounded(_ZipMemberStream(path, member))

        return open_member
    size = os.path.getsize(path)
    if size > limit:
        raise _too_large(name, limit, size)
    return lambda: bounded(open(path, "rb"))


class _Prefix(io.RawIOBase):
    """The first ``budget`` bytes of a stream, cut after the last whole line (for previews)."""

    def __init__(self, raw: IO[bytes], budget: int) -> None:
        super().__init__()
        data = bytearray()
        while len(data) <= budget:
            chunk = raw.read(min(_COPY_CHUNK, budget + 1 - len(data)))
            if not chunk:
                break
            data += chunk
        raw.close()
        if len(data) > budget:
            # Never mid-line or mid-character: a newline byte is never part of a
            # UTF-8 or cp1252 sequence.
            data = data[: data.rfind(b"\n", 0, budget) + 1]
        self._data = io.BytesIO(bytes(data))

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)


class _ZipMemberStream(io.RawIOBase):
    """A zip member's decompressed bytes; the archive closes with the stream."""

    def __init__(self, path: str, member: zipfile.ZipInfo) -> None:
        super().__init__()
        self._archive = zipfile.ZipFile(path)
        self._stream = self._archive.open(member)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._stream.close()
            self._archive.close()
        super().close()


def _open_zip(path: str, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableReadError(f"{PurePath(name).name!r} is not a readable zip file") from exc


# --- Parquet -------------------------------------------------------------------


def _read_parquet(source: Any, name: str, *, limit: int, nrows) -> pd.DataFrame:
    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as exc:
        raise TableReadError(f"{PurePath(name).name!r} is not a readable Parquet file") from exc
    metadata = parquet.metadata
    declared = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if nrows is None and declared > limit:
        raise _too_large(name, limit, declared)
    batches, size, count = [], 0, 0
    batch_rows = _PARQUET_BATCH_ROWS if nrows is None else max(1, min(nrows, 1024))
    # Batches, not the whole file: what the values decode to (a dictionary
    # page repeated a million times) is counted as it comes, not trusted.
    for batch in parquet.iter_batches(batch_size=batch_rows):
        size += batch.nbytes
        if size > limit:
            raise _too_large(name, limit)
        batches.append(batch)
        count += batch.num_rows
        if nrows is not None and count >= nrows:
            break
    table = pa.Table.from_batches(batches, schema=parquet.schema_arrow)
    if nrows is not None:
        table = table.slice(0, nrows)
    frame = table.to_pandas(date_as_object=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


# --- Excel, in a process of its own ----------------------------------------------


def _excel_declared_size(path: str, name: str) -> int:
    archive = _open_zip(path, name)
    with archive:
        return sum(info.file_size for info in archive.infolist())


def _read_excel(path: str, nrows) -> pd.DataFrame:
    return pd.read_excel(path, nrows=nrows, engine="openpyxl")


def _excel_child(connection: Any, path: str, nrows, memory_limit: int) -> None:
    """In the reader process: read the workbook, send ``("ok", frame)`` or ``("error", text)``."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        connection.send(("ok", _read_excel(path, nrows)))
    except MemoryError:
        connection.send(("error", "it needs more memory than a table read may use"))
    except Exception as exc:  # openpyxl and pandas raise many kinds
        connection.send(("error", str(exc) or type(exc).__name__))
    finally:
        connection.close()


_CONTEXT: Any = None


def _reader_context() -> Any:
    """A forkserver that has pandas and openpyxl imported: a reader starts in milliseconds."""
    global _CONTEXT
    if _CONTEXT is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["files.tables", "openpyxl"])
        _CONTEXT = context
    return _CONTEXT


def _can_start_processes() -> bool:
    # A daemonic process (some worker pools) may not have children.
    return not multiprocessing.current_process().daemon


def _read_excel_isolated(path: str, name: str, *, limit: int, nrows, timeout: float):
    if not _can_start_processes():
        return _read_excel(path, nrows)
    context = _reader_context()
    receiver, sender = context.Pipe(duplex=False)
    memory_limit = max(2 * 1024**3, 8 * limit)
    process = context.Process(
        target=_excel_child, args=(sender, path, nrows, memory_limit), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TableReadTimeout(
                f"reading {PurePath(name).name!r} took longer than {timeout:g} s, the longest a "
                "table read may take (TABLE_READ_TIMEOUT_SECONDS). Save it as CSV and upload that."
            )
        status, payload = receiver.recv()
    except EOFError:
        raise TableReadError(
            f"{PurePath(name).name!r} could not be read: the reader stopped (out of memory?)"
        ) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status != "ok":
        raise TableReadError(f"could not read {PurePath(name).name!r} as a table: {payload}")
    return payload


# --- the one entry point -----------------------------------------------------------


def read_table(
    source: Source,
    name: str,
    *,
    nrows: int | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
) -> pd.DataFrame:
    """The table in ``source`` (bytes, a path or a binary file) of a file called ``name``.

    ``nrows`` reads only the first rows (a preview: at most about a megabyte
    of text is parsed). Text is decoded as UTF-8 (with or without BOM),
    falling back to Windows-1252 and Latin-1; the separator is sniffed;
    columns are typed as pandas' parser types them. Excel: the first sheet.
    ``max_bytes`` (default ``MAX_TABLE_BYTES``) bounds what the file expands
    to, ``timeout`` (default ``TABLE_READ_TIMEOUT_SECONDS``) an Excel read.
    Raises ``TableReadError`` (``TableTooLarge``, ``TableReadTimeout``).
    """
    fmt = table_format(name)
    if fmt is None:
        raise TableReadError(
            f"{PurePath(name).name!r} is not a table: tables are "
            + ", ".join(TABLE_EXTENSIONS)
            + " files"
        )
    limit = max_table_bytes() if max_bytes is None else max_bytes
    deadline = read_timeout_seconds() if timeout is None else timeout
    if isinstance(source, bytes | bytearray) and not source:
        raise TableReadError("the file is empty")
    with _as_path(source) as path:
        if os.path.getsize(path) == 0:
            raise TableReadError("the file is empty")
        try:
            if fmt.kind == "excel":
                declared = _excel_declared_size(path, name)
                if declared > limit:
                    raise _too_large(name, limit, declared)
                frame = _read_excel_isolated(path, name, limit=limit, nrows=nrows, timeout=deadline)
                frame.columns = [str(c).strip() for c in frame.columns]
            elif fmt.kind == "parquet":
                frame = _read_parquet(path, name, limit=limit, nrows=nrows)
            else:
                frame = _read_zip_or_text(path, fmt, name, limit=limit, nrows=nrows)
        except TableReadError:
            raise
        except (pa.ArrowException, csv.Error, ValueError, OSError, EOFError) as exc:
            raise TableReadError(
                f"could not read {PurePath(name).name!r} as a table: {exc}"
            ) from exc
    return frame


def _read_zip_or_text(path: str, fmt: TableFormat, name: str, *, limit: int, nrows):
    if fmt.compression == "zip":
        with _open_zip(path, name) as archive:
            member = _zip_member(archive, name)
        inner = table_format(member.filename)
        if inner is not None and inner.kind == "parquet":
            if member.file_size > limit:
                raise _too_large(name, limit, member.file_size)
            with _ZipMemberStream(path, member) as stream:
                data = _Bounded(stream, limit=limit, name=name).read()
            return _read_parquet(pa.BufferReader(data), name, limit=limit, nrows=nrows)
        fmt = TableFormat("text", "zip", inner.separator if inner else None)
    opener = _text_opener(path, fmt, name, limit=limit, nrows=nrows)
    return _read_text(opener, name, separator_hint=fmt.separator, nrows=nrows)


def read_stored_table(
    storage_name: str, display_name: str, *, nrows: int | None = None
) -> pd.DataFrame:
    """The table stored as ``storage_name`` in default storage (``display_name`` says its format).

    Local files are read in place; others (S3) through one temporary copy.
    Raises ``TableReadError``, or ``OSError`` when the file cannot be opened.
    """
    try:
        path = default_storage.path(storage_name)
    except NotImplementedError:
        path = None
    if path is not None:
        return read_table(path, display_name, nrows=nrows)
    with default_storage.open(storage_name, "rb") as handle:
        return read_table(handle, display_name, nrows=nrows)


__all__ = [
    "TABLE_EXTENSIONS",
    "TableFormat",
    "TableReadError",
    "TableReadTimeout",
    "TableTooLarge",
    "accepted_extensions",
    "is_table_name",
    "read_stored_table",
    "read_table",
    "table_format",
]
