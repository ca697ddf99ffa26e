"""Template filters for figures: `percent` writes the R4 text as people read it."""

from django import template

from dongtam import formatting

register = template.Library()


@register.filter
def percent(value) -> str:
    """A truncated two-decimal percentage string (R4, "89.99") as people read it: "89,99 %"."""
    return formatting.percent(value)
