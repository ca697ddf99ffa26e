"""PDF rendering service: Django template → HTML → one WeasyPrint document → bytes.

Every PDF of the app goes through `render_pdf`:
- the serif shipped in static/fonts (Liberation Serif 2.x, OFL, full Vietnamese coverage) is
  declared with @font-face on absolute file:// addresses, under a family name no installed
  font carries, so the output never depends on the machine's fonts and is always embedded;
- every string of the context (recursively) and the rendered HTML are NFC-normalised, so a
  name typed with combining marks ("Nguyê\u0303n") never prints as split diacritics.

Templates extend ``awards/pdf/base.html`` (Vietnamese administrative document: Times-style
serif 13pt, A4 portrait by default) and load ``vn_pdf`` for the date filters.
"""

from __future__ import annotations

import datetime
import io
import logging
import threading
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

__all__ = [
    "FONT_FAMILY",
    "NothingToPrint",
    "font_face_css",
    "html_to_pdf",
    "html_to_pdf_file",
    "nfc_deep",
    "render_html",
    "render_pdf",
]


class NothingToPrint(Exception):
    """What was asked for has no page to print (the message says why, in Vietnamese)."""


# The family name used in CSS. Deliberately not "Liberation Serif": a font of that name may be
# installed on the machine, and the documents must use the shipped files only.
FONT_FAMILY = "DongTam Serif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


def fonts_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "fonts"


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """@font-face rules for the shipped serif (absolute file:// addresses)."""
    rules = []
    for (weight, style), filename in FONT_FILES.items():
        path = fonts_dir() / filename
        if not path.is_file():
            raise FileNotFoundError(f"Thiếu tệp phông chữ {path} (static/fonts).")
        rules.append(
            f"@font-face {{ font-family: '{FONT_FAMILY}'; src: url('{path.as_uri()}') "
            f"format('truetype'); font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def nfc_deep(value):
    """NFC-normalise every string inside dicts, lists, tuples and sets (other values as is)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    if isinstance(value, tuple):
        if hasattr(value, "_fields"):  # namedtuple
            return type(value)(*(nfc_deep(v) for v in value))
        return tuple(nfc_deep(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return type(value)(nfc_deep(v) for v in value)
    return value


def render_html(template_name: str, context: Mapping | None = None) -> str:
    """The document's HTML, NFC-normalised (what `render_pdf` feeds to WeasyPrint)."""
    ctx = nfc_deep(dict(context or {}))
    ctx.setdefault("font_family", FONT_FAMILY)
    ctx.setdefault("font_face_css", font_face_css())
    ctx.setdefault("generated_on", datetime.date.today())
    html = render_to_string(template_name, ctx)
    return unicodedata.normalize("NFC", html)


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's progress log ("Step 5 - Creating layout - Page 12") of the current
    thread into calls of `callback(stage, page)`; stage is "layout" or "pdf"."""

    def __init__(self, callback):
        super().__init__(level=logging.INFO)
        self.callback = callback
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread != self.thread:
            return
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - a malformed record never stops a print
            return
        if message.startswith("Step 5 - Creating layout - Page"):
            page = record.args[0] if record.args else 0
            self.callback("layout", int(page))
        elif message.startswith("Step 6"):
            self.callback("pdf", 0)


def html_to_pdf(html: str, progress=None) -> bytes:
    """One WeasyPrint document from `html`. `progress(stage, page)` is called while pages are
    laid out ("layout", page number) and once when the PDF is written ("pdf", 0)."""
    target = io.BytesIO()
    html_to_pdf_file(html, target, progress=progress)
    return target.getvalue()


def html_to_pdf_file(html: str, target, progress=None) -> int:
    """As `html_to_pdf`, written to `target` (a path or a binary file); returns the number of
    pages."""
    # Imported here: WeasyPrint loads Pango/cairo libraries, which only PDF work needs.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    handler = None
    progress_logger = logging.getLogger("weasyprint.progress")
    previous = (progress_logger.level, progress_logger.propagate)
    if progress is not None:
        handler = _ProgressHandler(progress)
        progress_logger.addHandler(handler)
        if progress_logger.getEffectiveLevel() > logging.INFO:
            # Nobody asked for these messages: enable them for our handler only.
            progress_logger.setLevel(logging.INFO)
            progress_logger.propagate = False
    try:
        font_config = FontConfiguration()
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            font_config=font_config
        )
        document.write_pdf(target)
        return len(document.pages)
    finally:
        if handler is not None:
            progress_logger.removeHandler(handler)
            progress_logger.setLevel(previous[0])
            progress_logger.propagate = previous[1]


def render_pdf(template_name: str, context: Mapping | None = None, progress=None) -> bytes:
    """Render a template extending ``awards/pdf/base.html`` to PDF bytes (one document)."""
    return html_to_pdf(render_html(template_name, context), progress=progress)
