"""Giấy chứng nhận "Gia đình công dân số" (R3): issuing, numbering, revoking and printing.

- The families are the phase's digital families as `scoring.snapshots.phase_results` gives
  them: the frozen snapshot once the office approved the phase (R13), live figures before.
- Numbers run per campaign ("2022-GĐCDS-000123") in TDP then household-code order of first
  issue. Re-printing keeps number and verification code; a family that is no longer digital
  keeps its certificate (it is not printed again) unless the office revokes it; a family that
  became digital gets the next number.
- A revoked certificate is not printed again and the public verification page says so.
- A print goes through awards.printing.chunked: chunks of pages rendered in parallel worker
  processes (each page's QR code drawn there) and streamed into one PDF, in print order.
- The list's search and the public verification page (`/xac-minh/`) read from here too.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards.models import CertificateDecision, FamilyCertificate, canonical_verification_code
from awards.printing.chunked import print_pages
from awards.printing.pdf import NothingToPrint, render_pdf
from awards.procedure.errors import ProcedureError
from households.models import ResidentialGroup
from households.text import nfc_clean
from scoring.models import Campaign, Phase
from scoring.snapshots import DigitalFamily, phase_results

NUMBER_WORD = "GĐCDS"  # Gia đình công dân số
NUMBER_DIGITS = 6


def number_prefix(campaign: Campaign) -> str:
    return f"{campaign.year}-{NUMBER_WORD}-"


def format_number(campaign: Campaign, sequence: int) -> str:
    return f"{number_prefix(campaign)}{sequence:0{NUMBER_DIGITS}d}"


def _last_sequence(campaign: Campaign) -> int:
    prefix = number_prefix(campaign)
    # Zero-padded suffixes sort like numbers, so the greatest string is the last number.
    last = FamilyCertificate.objects.filter(
        campaign=campaign, number__startswith=prefix
    ).aggregate(m=Max("number"))["m"]
    return int(last[len(prefix) :]) if last else 0


def _tdp_sort_key(code: str) -> tuple:
    return (int(code) if code.isdigit() else 10_000, code)


def digital_families(phase: Phase, tdp: ResidentialGroup | None = None) -> list[DigitalFamily]:
    """R3 digital families of the phase (snapshot once approved, R13), in TDP then
    household-code order, optionally of one TDP."""
    families = phase_results(phase).digital_families
    if tdp is not None:
        families = [f for f in families if f.tdp_code == tdp.code]
    return sorted(families, key=lambda f: (_tdp_sort_key(f.tdp_code), f.household_code))


@dataclass
class Issued:
    """What `issue_certificates` did: the certificates to print, in print order, with the
    family each belongs to; how many were new; how many families are skipped as revoked."""

    items: list[tuple[FamilyCertificate, DigitalFamily]]
    created: int
    revoked_skipped: int

    @property
    def certificates(self) -> list[FamilyCertificate]:
        return [c for c, _ in self.items]


def issue_certificates(phase: Phase, tdp: ResidentialGroup | None = None, today=None) -> Issued:
    """Give every digital family of the phase (or of one TDP) its certificate, keeping the
    numbers of those already issued. Names follow the phase's results (frozen after
    approval, R13), so a corrected name is printed on a re-print under the same number."""
    families = digital_families(phase, tdp)
    today = today or timezone.localdate()
    with transaction.atomic():
        # Serialise numbering per campaign (two prints at once must not share a number).
        Campaign.objects.select_for_update().filter(pk=phase.campaign_id).first()
        existing = {
            c.household_id: c
            for c in FamilyCertificate.objects.filter(
                phase=phase, household_id__in=[f.household_id for f in families]
            )
        }
        sequence = _last_sequence(phase.campaign)
        new, changed = [], []
        for family in families:
            head_name, tdp_name = nfc_clean(family.head_name), nfc_clean(family.tdp_name)
            certificate = existing.get(family.household_id)
            if certificate is None:
                sequence += 1
                certificate = FamilyCertificate(
                    campaign_id=phase.campaign_id,
                    phase=phase,
                    household_id=family.household_id,
                    number=format_number(phase.campaign, sequence),
                    head_name=head_name,
                    tdp_name=tdp_name,
                    issued_on=today,
                )
                new.append(certificate)
                existing[family.household_id] = certificate
            elif certificate.is_valid and (
                certificate.head_name != head_name or certificate.tdp_name != tdp_name
            ):
                certificate.head_name, certificate.tdp_name = head_name, tdp_name
                changed.append(certificate)
        if new:
            bulk_create_with_history(new, FamilyCertificate, batch_size=500)
        if changed:
            bulk_update_with_history(
                changed, FamilyCertificate, ["head_name", "tdp_name"], batch_size=500
            )
    items, revoked = [], 0
    for family in families:
        certificate = existing[family.household_id]
        if certificate.is_valid:
            items.append((certificate, family))
        else:
            revoked += 1
    return Issued(items=items, created=len(new), revoked_skipped=revoked)


def revoke(certificate: FamilyCertificate, user, reason: str) -> FamilyCertificate:
    """Thu hồi: the reason is required and kept (with who and when) in the history."""
    reason = nfc_clean(reason)
    if not reason:
        raise ProcedureError({"reason": "Phải nhập lý do thu hồi giấy chứng nhận."})
    with transaction.atomic():
        certificate = FamilyCertificate.objects.select_for_update().get(pk=certificate.pk)
        if not certificate.is_valid:
            raise ProcedureError(
                f"Giấy chứng nhận số {certificate.number} đã bị thu hồi trước đó."
            )
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.revoked_by = user
        certificate._change_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


def search_certificates(
    phase: Phase | None, tdp: ResidentialGroup | None = None, q: str = "", status: str = ""
):
    """Certificates of the phase in number order, optionally of one TDP, matching `q` (number,
    head's name or household code), `status` "valid" or "revoked" (anything else: all)."""
    if phase is None:
        return FamilyCertificate.objects.none()
    certificates = FamilyCertificate.objects.filter(phase=phase).select_related("household__tdp")
    if tdp is not None:
        certificates = certificates.filter(household__tdp=tdp)
    if q:
        certificates = certificates.filter(
            Q(number__icontains=q) | Q(head_name__icontains=q) | Q(household__code=q)
        )
    if status == "valid":
        certificates = certificates.filter(revoked_at__isnull=True)
    elif status == "revoked":
        certificates = certificates.filter(revoked_at__isnull=False)
    return certificates.order_by("number")


# --- public verification (the QR code) ----------------------------------------------------------

# Only what is needed to trust the paper: nothing else personal is even read.
VERIFICATION_FIELDS = (
    "number",
    "head_name",
    "tdp_name",
    "issued_on",
    "revoked_at",
    "phase__number",
    "phase__kind",
    "phase__campaign__name",
    "phase__campaign__year",
    "phase__campaign__ward__name",
    "phase__certificate_decision__reference",
    "phase__certificate_decision__signed_on",
)


def certificate_for_verification(code: str) -> FamilyCertificate | None:
    """The certificate behind a verification code as typed (case, spaces and dashes do not
    matter for the current codes; older codes match as printed) — one query, or None."""
    return (
        FamilyCertificate.objects.select_related(
            "phase__campaign__ward", "phase__certificate_decision"
        )
        .only(*VERIFICATION_FIELDS)
        .filter(verification_code=canonical_verification_code(code))
        .first()
    )


CODE_MAX_LENGTH = 64
_NOT_CODE = re.compile(r"[^A-Za-z0-9_-]")


def verification_code_from(text: str) -> str:
    """What a person typed or pasted — the code, or the whole address printed under the QR —
    as a code in canonical form; "" when nothing in it can be a code (any other input, such
    as "//evil.example" or a path, gives a code that simply matches no certificate)."""
    text = "".join(str(text or "").split())[:512]
    segments = [s for s in text.split("/") if s]
    code = _NOT_CODE.sub("", segments[-1] if segments else "")[:CODE_MAX_LENGTH]
    return canonical_verification_code(code) if code else ""


def verification_url(certificate: FamilyCertificate) -> str:
    return settings.SITE_URL + reverse("verify_certificate", args=[certificate.verification_code])


def qr_png_data_uri(url: str) -> str:
    """The QR code as a PNG of one pixel per module, as a data: address. The template shows it
    at 34 mm with `image-rendering: pixelated` (PDF /Interpolate false), so it prints as
    sharp as a vector drawing at a fraction of the rendering cost of an SVG path."""
    qr = segno.make(url, error="m", micro=False)
    return qr.png_data_uri(scale=1, border=4)  # 4 modules of quiet zone


def head_title(sex: str) -> str:
    return {"M": "Ông", "F": "Bà"}.get(sex or "", "Ông/Bà")


def certificate_page_data(issued: Issued) -> list[dict]:
    """One dict of plain data per certificate, in print order, without the QR image (drawn
    by `with_qr`, in the worker that renders the page)."""
    pages = []
    for certificate, family in issued.items:
        url = verification_url(certificate)
        pages.append(
            {
                "number": certificate.number,
                "head_title": head_title(family.head_sex),
                "head_name": certificate.head_name,
                "tdp_name": certificate.tdp_name,
                "household_code": family.household_code,
                "issued_on": certificate.issued_on,
                "verify_url": url,
                "verify_code": certificate.verification_code,
            }
        )
    return pages


def with_qr(page: dict) -> dict:
    """The page with its QR image (`qr_png`) of its verification address."""
    return {**page, "qr_png": qr_png_data_uri(page["verify_url"])}


def certificate_pages(issued: Issued) -> list[dict]:
    return [with_qr(page) for page in certificate_page_data(issued)]


# --- R14: the decision the certificates rest on ----------------------------------------------

DECISION_REFERENCE = re.compile(r"^\d{1,5}/QĐ-[A-ZĐ]+(?:-[A-ZĐ]+)*$")


def certificate_decision(phase: Phase) -> CertificateDecision | None:
    return CertificateDecision.objects.filter(phase=phase).first()


def clean_decision_reference(raw: str) -> str:
    """ "125", "125/QĐ-UBND", "125/qđ-ubnd " → "125/QĐ-UBND"; ProcedureError otherwise."""
    text = nfc_clean(raw).upper().replace(" ", "")
    if text.isdigit():
        text = f"{int(text)}/QĐ-UBND"
    if not DECISION_REFERENCE.match(text):
        raise ProcedureError(
            {
                "decision_reference": f"Số quyết định “{nfc_clean(raw)}” không đúng dạng "
                "125/QĐ-UBND."
            }
        )
    return text


@transaction.atomic
def record_certificate_decision(phase: Phase, reference: str, signed_on, user=None):
    """R14: record the Chairman's decision for the phase's certificates, once. The same
    decision given again is accepted; another one is refused (the certificates already rest
    on the first)."""
    reference = clean_decision_reference(reference)
    existing = CertificateDecision.objects.select_for_update().filter(phase=phase).first()
    if existing is not None:
        if (existing.reference, existing.signed_on) != (reference, signed_on):
            raise ProcedureError(
                {
                    "decision_reference": f"{phase} đã có {existing}: giấy chứng nhận dựa "
                    "trên quyết định đó (R14)."
                }
            )
        return existing
    if signed_on < phase.reference_date:
        raise ProcedureError(
            {
                "decision_date": f"Ngày quyết định {signed_on:%d/%m/%Y} trước ngày chốt số liệu "
                f"{phase.reference_date:%d/%m/%Y} của giai đoạn."
            }
        )
    decision = CertificateDecision(
        phase=phase, reference=reference, signed_on=signed_on, recorded_by=user
    )
    decision._change_reason = "Ghi quyết định công nhận gia đình công dân số"
    decision.save()
    return decision


def print_common(phase: Phase) -> dict:
    """What every page of a print shows, as plain data (it travels to the worker processes):
    the ward, the campaign, the phase and the decision the certificates rest on (R14) — its
    number and date, or None, when the lines are left blank to be filled in by hand."""
    ward = phase.campaign.ward
    decision = certificate_decision(phase)
    return {
        "ward": {"name": ward.name, "city": ward.city},
        "campaign": {"name": phase.campaign.name or str(phase.campaign)},
        "phase": {"get_kind_display": phase.get_kind_display(), "number": phase.number},
        "signer_name": ward.chairman_name,
        "decision": (
            {"reference": decision.reference, "signed_on": decision.signed_on}
            if decision
            else None
        ),
    }


def print_context(phase: Phase, issued: Issued) -> dict:
    return {**print_common(phase), "pages": certificate_pages(issued)}


TEMPLATE = "awards/pdf/family_certificates.html"


def print_family_certificates(
    phase: Phase,
    tdp: ResidentialGroup | None,
    output,
    progress: Callable[[str, int, int], None] | None = None,
) -> Issued:
    """Issue (or re-use) the certificates and print them into `output` (a path or a binary
    file), one A4 page each, in print order. `progress(stage, done, total)` reports:
    ("issued", n, n), ("layout", pages done, n), ("pdf", n, n). Raises NothingToPrint when
    there is no page to print."""
    phase = Phase.objects.select_related("campaign__ward").get(pk=phase.pk)
    issued = issue_certificates(phase, tdp)
    total = len(issued.items)
    if not total:
        where = tdp.name if tdp is not None else f"phường {phase.campaign.ward.name}"
        if issued.revoked_skipped:
            reason = (
                f"mọi giấy chứng nhận của {where} trong {phase} đã bị thu hồi "
                f"({issued.revoked_skipped} giấy)"
            )
        else:
            reason = f"{where} chưa có gia đình công dân số nào trong {phase}"
        raise NothingToPrint(f"Không có giấy chứng nhận nào để in: {reason}.")
    if progress:
        progress("issued", total, total)
    print_pages(
        TEMPLATE,
        print_common(phase),
        certificate_page_data(issued),
        output,
        progress=progress,
        prepare="awards.certificates.services.with_qr",
    )
    return issued


def render_family_certificates(
    phase: Phase,
    tdp: ResidentialGroup | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[bytes, Issued]:
    """`print_family_certificates` returning the PDF as bytes (for small prints and tests;
    a big print should go to a file)."""
    with tempfile.TemporaryFile() as f:
        issued = print_family_certificates(phase, tdp, f, progress=progress)
        f.seek(0)
        return f.read(), issued


def render_one_certificate(certificate: FamilyCertificate) -> bytes:
    """Re-print one certificate (a family lost its paper): same number, code and date.
    A revoked certificate is not printed."""
    certificate = FamilyCertificate.objects.select_related(
        "phase__campaign__ward", "household__tdp", "household__head"
    ).get(pk=certificate.pk)
    if not certificate.is_valid:
        raise NothingToPrint(
            f"Giấy chứng nhận số {certificate.number} đã bị thu hồi nên không in lại được."
        )
    household = certificate.household
    family = DigitalFamily(
        household_id=household.pk,
        household_code=household.code,
        tdp_code=household.tdp.code,
        tdp_name=certificate.tdp_name,
        head_name=certificate.head_name,
        head_sex=household.head.sex if household.head else "",
    )
    issued = Issued(items=[(certificate, family)], created=0, revoked_skipped=0)
    return render_pdf(TEMPLATE, print_context(certificate.phase, issued))
