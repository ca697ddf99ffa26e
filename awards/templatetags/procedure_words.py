"""The procedure's words for templates (awards.procedure.state) — templates never spell a
dossier's state: `{% load procedure_words %}` then `{{ state|state_word }}` or
`{% state_word "in_progress" %}` ("Đang thực hiện"); `{% results_word frozen %}` says whether a
phase's results are frozen ("Đã chốt" / "Chưa chốt", R13)."""

from django import template

from awards.procedure import state_label
from scoring.glossary import results_text

register = template.Library()


@register.filter(name="state_word")
def state_word_filter(state) -> str:
    return state_label(state or "not_started")


@register.simple_tag
def state_word(state: str) -> str:
    return state_label(state)


@register.simple_tag
def results_word(frozen) -> str:
    """R13: a phase's results are "đã chốt" once the office froze them."""
    return results_text(bool(frozen))
