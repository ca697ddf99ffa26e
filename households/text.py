"""Text at the edges: Vietnamese is stored NFC so that "Nguyễn" never splits into a base
letter plus combining marks (imports, forms and PDFs all go through here)."""

import unicodedata


def nfc(value):
    if value is None:
        return None
    return unicodedata.normalize("NFC", str(value))


def nfc_clean(value) -> str:
    """NFC, trimmed, inner runs of white space folded to one space."""
    if value is None:
        return ""
    return " ".join(nfc(value).split())
