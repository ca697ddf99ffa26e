from django import template

from scoring.exports import percent_display

register = template.Library()


@register.filter
def percent(value) -> str:
    """A truncated two-decimal percentage string (R4, "89.99") as people read it: "89,99 %"."""
    if value in (None, ""):
        return "—"
    return percent_display(str(value))
