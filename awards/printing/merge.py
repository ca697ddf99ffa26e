"""Streaming PDF assembly: the pages of several PDF files (the chunks of one print), in order,
written object by object into one output file.

`PdfAssembler(output)` → `.append(path)` per chunk, in page order → `.close()`. Only the chunk
being copied is in memory (pypdf reads it); every object is written to the output as soon as it
is copied, so memory does not grow with the page count. Each chunk brings its own font subsets
(WeasyPrint subsets per document); their six-letter subset tags are made unique per chunk, as
the PDF specification asks of different subsets in one file. Compressed streams are copied as
they are (never decoded).
"""

from __future__ import annotations

import io
import re
from array import array
from collections import deque
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

__all__ = ["PdfAssembler"]

CATALOG, PAGES = 1, 2  # object numbers reserved for the output's catalog and page tree
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
SUBSET_TAG = re.compile(r"^/[A-Z]{6}\+")
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def _tag(chunk: int, old: str) -> str:
    """A subset tag unique to (chunk, original tag): three letters for the chunk (base 26),
    the last three of the original (which tell a chunk's fonts apart)."""
    letters = []
    for _ in range(3):
        chunk, r = divmod(chunk, 26)
        letters.append(chr(65 + r))
    return "".join(reversed(letters)) + old[3:6]


class PdfAssembler:
    """Writes one PDF from the pages of PDF files appended in order."""

    def __init__(self, output):
        if isinstance(output, (str, Path)):
            self._file = open(output, "wb")  # noqa: SIM115 - closed by close()
            self._owns = True
        else:
            self._file = output
            self._owns = False
        self._start = self._file.tell()
        self._file.write(HEADER)
        self._offsets = array("Q", [0, 0, 0])  # index = object number; 1, 2 written last
        self._kids = array("L")
        self._chunks = 0
        self._info: DictionaryObject | None = None
        self._closed = False

    # ------------------------------------------------------------------ public

    @property
    def page_count(self) -> int:
        return len(self._kids)

    def append(self, path) -> int:
        """Copy every page of the PDF at `path` (with what its pages use); returns how many."""
        reader = PdfReader(path)
        chunk = self._chunks
        self._chunks += 1
        if self._info is None:
            info = reader.trailer.get("/Info")
            if info is not None:
                info = info.get_object()
                self._info = DictionaryObject(
                    {k: v for k, v in info.items() if not isinstance(v, IndirectObject)}
                )
        mapping: dict[int, int] = {}
        queue: deque[int] = deque()

        def new_number(idnum: int) -> int:
            number = mapping.get(idnum)
            if number is None:
                number = mapping[idnum] = len(self._offsets)
                self._offsets.append(0)
                queue.append(idnum)
            return number

        pages = reader.pages
        for page in pages:
            self._kids.append(new_number(page.indirect_reference.idnum))
        while queue:
            idnum = queue.popleft()
            obj = reader.get_object(idnum)
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
                obj = self._page(obj)
            buf = io.BytesIO()
            self._write(obj, buf, new_number, chunk)
            self._offsets[mapping[idnum]] = self._file.tell() - self._start
            self._file.write(b"%d 0 obj\n" % mapping[idnum])
            self._file.write(buf.getvalue())
            self._file.write(b"\nendobj\n")
        return len(pages)

    def close(self) -> None:
        """Write the page tree, catalog, cross-reference table and trailer."""
        if self._closed:
            return
        self._closed = True
        f = self._file
        kids = " ".join(f"{n} 0 R" for n in self._kids)
        self._offsets[PAGES] = f.tell() - self._start
        f.write(
            f"{PAGES} 0 obj\n<< /Type /Pages /Count {len(self._kids)} /Kids [{kids}] >>\n"
            "endobj\n".encode()
        )
        self._offsets[CATALOG] = f.tell() - self._start
        f.write(f"{CATALOG} 0 obj\n<< /Type /Catalog /Pages {PAGES} 0 R >>\nendobj\n".encode())
        info_ref = ""
        if self._info:
            number = len(self._offsets)
            self._offsets.append(f.tell() - self._start)
            buf = io.BytesIO()
            self._info.write_to_stream(buf)
            f.write(b"%d 0 obj\n" % number + buf.getvalue() + b"\nendobj\n")
            info_ref = f" /Info {number} 0 R"
        xref = f.tell() - self._start
        size = len(self._offsets)
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        f.write(b"".join(b"%010d 00000 n \n" % off for off in self._offsets[1:]))
        f.write(
            f"trailer\n<< /Size {size} /Root {CATALOG} 0 R{info_ref} >>\nstartxref\n{xref}\n"
            "%%EOF\n".encode()
        )
        if self._owns:
            f.close()
        else:
            f.flush()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        elif self._owns:
            self._file.close()

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _page(page: DictionaryObject) -> DictionaryObject:
        """The page under the output's page tree, with inherited attributes made explicit."""
        out = DictionaryObject(page)
        node = page.get("/Parent")
        while node is not None:
            node = node.get_object()
            for key in INHERITABLE:
                if key not in out and key in node:
                    out[NameObject(key)] = node[key]
            node = node.get("/Parent")
        out[NameObject("/Parent")] = IndirectObject(PAGES, 0, None)
        return out

    def _write(self, obj, out, new_number, chunk: int) -> None:
        if isinstance(obj, IndirectObject):
            if obj.pdf is None:  # our own reference (the page tree)
                out.write(b"%d 0 R" % obj.idnum)
            else:
                out.write(b"%d 0 R" % new_number(obj.idnum))
        elif isinstance(obj, DictionaryObject):
            is_stream = isinstance(obj, StreamObject)
            font_name = obj.get("/Type") in ("/Font", "/FontDescriptor")
            out.write(b"<<")
            for key, value in obj.items():
                if is_stream and key == "/Length":
                    continue
                out.write(b"\n")
                key.write_to_stream(out)
                out.write(b" ")
                if (
                    font_name
                    and key in ("/BaseFont", "/FontName")
                    and isinstance(value, NameObject)
                    and SUBSET_TAG.match(value)
                ):
                    value = NameObject("/" + _tag(chunk, value[1:7]) + value[7:])
                self._write(value, out, new_number, chunk)
            if is_stream:
                data = obj._data  # the stream's bytes as stored (still compressed)
                out.write(b"\n/Length %d\n>>\nstream\n" % len(data))
                out.write(data)
                out.write(b"\nendstream")
            else:
                out.write(b"\n>>")
        elif isinstance(obj, ArrayObject):
            out.write(b"[")
            for value in obj:
                out.write(b" ")
                self._write(value, out, new_number, chunk)
            out.write(b" ]")
        else:
            obj.write_to_stream(out)
