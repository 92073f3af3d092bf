"""Reading a file to import: its encoding, whether it is text at all, and its rows, as a stream.

A file is never held in memory whole: ``open_text`` checks its encoding in fixed-size chunks and hands back a
text stream, and ``csv_records`` yields one row at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO, TextIO

from .parsing import clean_text
from .specs import BadFile, Progress

CHUNK_BYTES = 1 << 20


def csv_records(
    text: str | TextIO, *, required: list[str], source_name: str, not_it: str, progress: Progress
) -> Iterator[tuple[int, dict]]:
    """(file line number, row) for each data row of a comma-separated file whose header holds
    every ``required`` column (after whitespace clean-up); raises BadFile, starting with
    ``not_it``, naming the missing ones."""
    reader = csv.DictReader(io.StringIO(text) if isinstance(text, str) else text)
    header = [clean_text(name) for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise BadFile(f"{not_it}: missing column(s) {', '.join(missing)}.")
    reader.fieldnames = header
    for index, raw in enumerate(progress(reader, f"Reading {source_name}", 0)):
        yield index + 2, raw


def read_text(data: bytes | str | Path | IO) -> str:
    """File contents as text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    if isinstance(data, Path):
        raw = data.read_bytes()
    elif isinstance(data, str | bytes):
        raw = data
    else:
        raw = data.read()
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _is_utf8(binary: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := binary.read(CHUNK_BYTES):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        binary.seek(0)
    return True


def open_text(data: bytes | str | Path | IO) -> TextIO:
    """A seekable text stream over the file, decoded as ``read_text`` would (UTF-8 with or without a
    byte-order mark, else Windows-1252), without reading the file into memory: the encoding is checked
    chunk by chunk first. Line endings are left to the csv module (``newline=""``)."""
    if isinstance(data, str):
        return io.StringIO(data.lstrip("\ufeff"), newline="")
    if isinstance(data, Path):
        binary: BinaryIO = data.open("rb")
    elif isinstance(data, bytes):
        binary = io.BytesIO(data)
    else:
        raw = data.read()
        if isinstance(raw, str):
            return io.StringIO(raw.lstrip("\ufeff"), newline="")
        binary = io.BytesIO(raw)
    if _is_utf8(binary):
        return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    return io.TextIOWrapper(binary, encoding="cp1252", errors="replace", newline="")


# A text file has next to no control characters besides tab, line feed, carriage return and form feed;
# binary data (a spreadsheet's .xlsx, an image) decoded as Windows-1252 has one in eight bytes.
_CONTROL = {chr(c) for c in range(32)} - set("\t\n\r\f") | {"\x7f", "\ufffd"}
_MAX_CONTROL_SHARE = 0.01


def check_text(text: str | TextIO, *, file_name: str, kind: str) -> None:
    """BadFile, in words, when ``text`` is empty, whitespace only, or binary data rather than text. A stream
    is looked at from its start (its first 64 KiB, and as far as it takes to find a character that is not
    whitespace) and left at its start."""
    if isinstance(text, str):
        sample, blank = text[:65536], not text.strip()
    else:
        sample = text.read(65536)
        blank = not sample.strip()
        while blank and (more := text.read(CHUNK_BYTES)):
            blank = not more.strip()
        text.seek(0)
    if blank:
        raise BadFile(f"{file_name} is empty.")
    control = sum(1 for char in sample if char in _CONTROL)
    if "\x00" in sample or control > _MAX_CONTROL_SHARE * len(sample):
        raise BadFile(f"{file_name} is not a text {kind} file (it holds binary data).")
