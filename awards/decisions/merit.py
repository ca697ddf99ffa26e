"""Giấy khen of the Chairman of the Ward People's Committee: one page per approved award of a
decision, all in one PDF (chunked and rendered on every core by awards.printing.chunked).

Two modes (settings):
- full layout (default): border, national name and motto, issuer, "TẶNG", "GIẤY KHEN", the
  recipient, the achievement, decision and gold-book number bottom left, place, date, signer
  bottom right. Page size MERIT_CERTIFICATE_PAGE_SIZE ("A4 landscape", "A3 landscape"…);
  everything scales with the page.
- text only (MERIT_CERTIFICATE_TEXT_ONLY): for pre-printed blanks, only the variable fields,
  each at MERIT_CERTIFICATE_FIELD_POSITIONS[field] = {"x", "y", "width" (mm from the page's
  top-left corner), "size" (pt), "align", "bold", "italic"}; fields not configured take the
  defaults below (drawn for A4 landscape, scaled to the page size).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from awards.models import AwardProposal, Decision
from awards.printing.chunked import print_pages
from awards.printing.pdf import NothingToPrint
from dongtam.formatting import vn_date_long, vn_date_words
from households.text import nfc_clean

PAPER_MM = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}
REFERENCE = (297, 210)  # A4 landscape: the defaults below are drawn on it

# mm from the top-left corner of an A4 landscape sheet; size in pt.
DEFAULT_FIELD_POSITIONS = {
    "recipient": {"x": 30, "y": 88, "width": 237, "size": 22, "align": "center", "bold": True},
    "position": {"x": 30, "y": 101, "width": 237, "size": 15, "align": "center"},
    "achievement": {
        "x": 38,
        "y": 111,
        "width": 221,
        "size": 15,
        "align": "center",
        "italic": True,
    },
    "decision": {"x": 20, "y": 166, "width": 130, "size": 12, "align": "left"},
    "gold_book": {"x": 20, "y": 173, "width": 130, "size": 12, "align": "left"},
    "place_date": {
        "x": 160,
        "y": 146,
        "width": 120,
        "size": 13,
        "align": "center",
        "italic": True,
    },
    "signer_title": {
        "x": 160,
        "y": 153,
        "width": 120,
        "size": 13,
        "align": "center",
        "bold": True,
    },
    "signer_name": {"x": 160, "y": 185, "width": 120, "size": 14, "align": "center", "bold": True},
}
FIELD_ORDER = list(DEFAULT_FIELD_POSITIONS)
CATEGORY_ORDER = {
    AwardProposal.Category.WARD_TEAM: 0,
    AwardProposal.Category.TDP: 1,
    AwardProposal.Category.COLLECTIVE: 2,
    AwardProposal.Category.INDIVIDUAL: 3,
}


@dataclass(frozen=True)
class PageSize:
    paper: str
    landscape: bool

    @property
    def css(self) -> str:
        return f"{self.paper} {'landscape' if self.landscape else 'portrait'}"

    @property
    def mm(self) -> tuple[int, int]:
        short, long = PAPER_MM[self.paper]
        return (long, short) if self.landscape else (short, long)

    @property
    def scale(self) -> float:
        """How much larger than A4 landscape (the reference drawing) the sheet is."""
        w, h = self.mm
        return min(w / REFERENCE[0], h / REFERENCE[1])


def parse_page_size(value: str) -> PageSize:
    m = re.fullmatch(r"\s*(A3|A4|A5)(?:\s+(landscape|portrait))?\s*", value or "", re.I)
    if not m:
        raise ImproperlyConfigured(
            f"MERIT_CERTIFICATE_PAGE_SIZE phải là A3, A4 hoặc A5, có thể kèm landscape / "
            f"portrait (ví dụ 'A4 landscape'); giá trị hiện tại: {value!r}"
        )
    return PageSize(m.group(1).upper(), (m.group(2) or "landscape").lower() == "landscape")


def field_positions(page: PageSize) -> dict[str, dict]:
    """Default positions scaled from A4 landscape to the page, then the settings' values."""
    configured = getattr(settings, "MERIT_CERTIFICATE_FIELD_POSITIONS", None) or {}
    unknown = set(configured) - set(DEFAULT_FIELD_POSITIONS)
    if unknown:
        raise ImproperlyConfigured(
            "MERIT_CERTIFICATE_FIELD_POSITIONS: trường không có: "
            + ", ".join(sorted(unknown))
            + " (các trường: "
            + ", ".join(FIELD_ORDER)
            + ")"
        )
    k = page.scale
    positions = {}
    for name, default in DEFAULT_FIELD_POSITIONS.items():
        pos = {
            "x": round(default["x"] * k, 1),
            "y": round(default["y"] * k, 1),
            "width": round(default["width"] * k, 1),
            "size": round(default["size"] * k, 1),
            "align": default.get("align", "left"),
            "bold": default.get("bold", False),
            "italic": default.get("italic", False),
        }
        override = configured.get(name, {})
        if not isinstance(override, dict):
            raise ImproperlyConfigured(
                f"MERIT_CERTIFICATE_FIELD_POSITIONS[{name!r}] phải là một từ điển "
                '(ví dụ {"x": 40, "y": 120}).'
            )
        for key in ("x", "y", "width", "size"):
            if key in override and not isinstance(override[key], (int, float)):
                raise ImproperlyConfigured(
                    f"MERIT_CERTIFICATE_FIELD_POSITIONS[{name!r}][{key!r}] phải là một số "
                    f"(mm, hoặc pt với size); giá trị hiện tại: {override[key]!r}"
                )
        if override.get("align", "left") not in ("left", "center", "right", "justify"):
            raise ImproperlyConfigured(
                f"MERIT_CERTIFICATE_FIELD_POSITIONS[{name!r}]['align'] phải là left, center, "
                "right hoặc justify."
            )
        pos.update(override)
        positions[name] = pos
    return positions


def css_number(value) -> str:
    """A CSS number, never localised (the Vietnamese locale would write "42,5")."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def field_style(pos: dict) -> str:
    style = (
        f"left: {css_number(pos['x'])}mm; top: {css_number(pos['y'])}mm; "
        f"width: {css_number(pos['width'])}mm; font-size: {css_number(pos['size'])}pt; "
        f"text-align: {pos.get('align') or 'left'};"
    )
    if pos.get("bold"):
        style += " font-weight: bold;"
    if pos.get("italic"):
        style += " font-style: italic;"
    return style


def achievement_text(text: str) -> str:
    """ "Đã có thành tích …": the prefix is added when the proposal's text lacks it."""
    text = nfc_clean(text).rstrip(" .;")
    if not text:
        return "Đã có thành tích trong phong trào thi đua"
    lowered = text.lower()
    if lowered.startswith("đã có thành tích"):
        return "Đ" + text[1:] + "."
    if lowered.startswith("có thành tích"):  # "có thành tích …" → "Đã có thành tích …"
        return f"Đã c{text[1:]}."
    first = text[:2]
    if len(first) == 2 and first[0].isupper() and first[1].islower():
        text = text[0].lower() + text[1:]
    return f"Đã có thành tích {text}."


def recipient_line(award: AwardProposal) -> str:
    name = nfc_clean(award.recipient_name)
    if award.is_person:
        title = {"M": "Ông", "F": "Bà"}.get(award.recipient_sex, "Ông/Bà")
        return f"{title} {name}"
    return name


def signer_lines(decision: Decision) -> list[str]:
    """ "CHỦ TỊCH"; a deputy signs "KT. CHỦ TỊCH" above his own title."""
    title = nfc_clean(decision.signer_title).upper() or "CHỦ TỊCH"
    if title == "CHỦ TỊCH":
        return [title]
    if title.startswith("KT."):
        return [title]
    return ["KT. CHỦ TỊCH", title]


def approved_awards(decision: Decision) -> list[AwardProposal]:
    awards = AwardProposal.objects.filter(
        decision=decision, status=AwardProposal.Status.APPROVED
    ).select_related("tdp")
    return sorted(awards, key=lambda a: (CATEGORY_ORDER.get(a.category, 9), a.pk))


def merit_context(decision: Decision, awards: list[AwardProposal]) -> dict:
    ward = decision.ward
    page = parse_page_size(settings.MERIT_CERTIFICATE_PAGE_SIZE)
    decision_line = f"Quyết định số {decision.reference} {vn_date_words(decision.signed_on)}"
    pages = [
        {
            "recipient": recipient_line(a),
            "position": nfc_clean(a.recipient_position),
            "achievement": achievement_text(a.achievement),
            "decision": decision_line,
            "gold_book": f"Số sổ vàng: {nfc_clean(a.gold_book_number) or '……………'}",
            "is_person": a.is_person,
        }
        for a in awards
    ]
    positions = field_positions(page)
    common = {
        "place_date": vn_date_long(decision.signed_on, ward.name),
        "signer_title": " ".join(signer_lines(decision)),
        "signer_name": nfc_clean(decision.signer_name),
    }
    for p in pages:
        values = {**p, **common}
        p["fields"] = [
            {"name": name, "value": values[name], "style": field_style(pos)}
            for name, pos in positions.items()
            if values.get(name)
        ]
    return {
        "ward": ward,
        "decision": decision,
        "issuer": f"CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG {nfc_clean(ward.name).upper()}",
        "place_date": vn_date_long(decision.signed_on, ward.name),
        "signer_lines": signer_lines(decision),
        "signer_name": nfc_clean(decision.signer_name),
        "page": page,
        "page_css": page.css,
        "page_w": page.mm[0],
        "page_h": page.mm[1],
        "root_font": css_number(13 * page.scale) + "pt",
        "sheet_padding": css_number(8 * page.scale) + "mm",
        "pages": pages,
    }


def merit_template() -> str:
    return (
        "awards/pdf/merit_text_only.html"
        if settings.MERIT_CERTIFICATE_TEXT_ONLY
        else "awards/pdf/merit_certificates.html"
    )


# What the templates read of the context besides the pages (plain data: it travels to the
# worker processes).
COMMON_KEYS = (
    "issuer",
    "place_date",
    "signer_lines",
    "signer_name",
    "page_css",
    "page_w",
    "page_h",
    "root_font",
    "sheet_padding",
)


def print_merit_certificates(decision: Decision, output, progress=None) -> int:
    """Print one Giấy khen per approved award of the decision into `output` (a path or a
    binary file); returns the number of pages. `progress(stage, done, total)` as in the
    family certificates' printer."""
    decision = Decision.objects.select_related("ward", "campaign").get(pk=decision.pk)
    awards = approved_awards(decision)
    if not awards:
        raise NothingToPrint(
            f"Quyết định số {decision.reference} chưa có khen thưởng nào được duyệt để in "
            "Giấy khen."
        )
    total = len(awards)
    if progress:
        progress("issued", total, total)
    context = merit_context(decision, awards)
    common = {key: context[key] for key in COMMON_KEYS}
    common["decision"] = {"reference": decision.reference}
    return print_pages(merit_template(), common, context["pages"], output, progress=progress)


def render_merit_certificates(decision: Decision, progress=None) -> bytes:
    """`print_merit_certificates` returning the PDF as bytes."""
    with tempfile.TemporaryFile() as f:
        print_merit_certificates(decision, f, progress=progress)
        f.seek(0)
        return f.read()
