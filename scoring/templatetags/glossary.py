"""The words of results for templates, from scoring.glossary — templates never spell them.

`{% load glossary %}` then `{% word "UNSCORED" %}` ("Chưa chấm"), or the filters
`{{ score|citizen_word }}` (R2), `{{ digital_family|family_word }}` (R3),
`{{ met|met_word }}` (R7 checklists), `{{ status|household_word }}` (a household's status key)."""

from django import template

from scoring import glossary

register = template.Library()

WORDS = {
    name: getattr(glossary, name)
    for name in (
        "UNSCORED",
        "NOT_MET",
        "MET",
        "IN_PROGRESS",
        "DIGITAL_CITIZEN",
        "DIGITAL_FAMILY",
        "NOT_APPLICABLE",
        "RESULTS_FROZEN",
        "RESULTS_LIVE",
    )
}


@register.simple_tag
def word(name: str) -> str:
    """One word of the glossary by its name in scoring.glossary."""
    return WORDS[name]


@register.filter
def citizen_word(score):
    return glossary.citizen_text(score)


@register.filter
def family_word(digital_family):
    return glossary.family_text(digital_family)


@register.filter
def met_word(met):
    return glossary.met_text(met)


@register.filter
def household_word(status: str) -> str:
    return glossary.HOUSEHOLD_STATUS_TEXT[status]
