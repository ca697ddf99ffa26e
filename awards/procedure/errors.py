"""The one refusal of the procedure, and the one way a view shows it.

Every service of the procedure (steps 1–4, proposals, decisions, certificates) that refuses
an action — a window closed, a dossier locked, a reason missing, a number already used —
raises `ProcedureError` with a Vietnamese message saying what is wrong and, where a form
field is at fault, which field (a dict, as Django's ValidationError takes). It *is* a
ValidationError, so form code that already handles those needs nothing more. Views hand it
to `show_error()`: onto the form when there is one, else as a message on the next page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ProcedureError(ValidationError):
    """The procedure refuses; `error_text(exc)` is the Vietnamese reason."""


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def show_error(request, exc: ValidationError, form=None) -> None:
    """Field errors go beside their field when the form has it; the rest above the form, or,
    without a form, as an error message on the next page."""
    if form is None:
        messages.error(request, error_text(exc))
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, error)
    else:
        form.add_error(None, exc)
