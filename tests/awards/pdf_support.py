"""Reading PDFs back for the printing tests (poppler's pdftotext, pypdf, fontTools) and a
builder for digital families with a named head."""

import datetime
import io
import subprocess
import tempfile

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from households.models import Household, Resident
from scoring.models import Assessment

ALL_MET = {f"tc{n}": True for n in range(1, 11)}
SEVEN_MET = {f"tc{n}": n <= 7 for n in range(1, 11)}


def pdf_text(data: bytes, layout: bool = False) -> str:
    """pdftotext of the whole document; pages are separated by form feeds."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [f.name, "-"]
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def page_texts(data: bytes) -> list[str]:
    pages = pdf_text(data).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def page_size_mm(data: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[index].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def pdf_fonts(data: bytes) -> list[dict]:
    """Every font of every page: base name, whether a font program is embedded, and — when
    embedded — the family and version read from the program's own name table."""
    reader = PdfReader(io.BytesIO(data))
    seen, fonts = set(), []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font_ref in (resources.get("/Font") or {}).values():
            font = font_ref.get_object()
            key = id(font_ref.idnum) if hasattr(font_ref, "idnum") else id(font)
            key = getattr(font_ref, "idnum", key)
            if key in seen:
                continue
            seen.add(key)
            descendant = font
            if font.get("/Subtype") == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            program = None
            for k in ("/FontFile2", "/FontFile3", "/FontFile"):
                if k in descriptor:
                    program = descriptor[k].get_object().get_data()
            info = {"name": str(font.get("/BaseFont")), "embedded": program is not None}
            if program is not None and "/FontFile2" in descriptor:
                tt = TTFont(io.BytesIO(program))
                info["family"] = tt["name"].getDebugName(1)
                info["version"] = tt["name"].getDebugName(5)
            fonts.append(info)
    return fonts


def make_family(tdp, code, head_name, sex="M", phase=None, criteria=None, members=(), cccd=None):
    """A household whose head (adult, born 1975) is `head_name`; `criteria` (default all
    met) is recorded for every member in `phase`; `members`: extra (name, birth, criteria)."""
    household = Household.objects.create(tdp=tdp, code=code)
    head = Resident.objects.create(
        household=household,
        full_name=head_name,
        birth_date=datetime.date(1975, 3, 14),
        sex=sex,
        cccd=cccd,
    )
    household.head = head
    household.save()
    people = [(head, criteria if criteria is not None else ALL_MET)]
    for name, birth, member_criteria in members:
        people.append(
            (
                Resident.objects.create(household=household, full_name=name, birth_date=birth),
                member_criteria,
            )
        )
    if phase is not None:
        for resident, crit in people:
            if crit is not None:
                Assessment.objects.create(
                    resident=resident, phase=phase, stage=Assessment.Stage.SELF, **crit
                )
    return household
