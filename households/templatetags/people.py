from django import template

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A user's name in Vietnamese order — family and middle names, then the given name
    (stored as last_name, first_name) — or the username when no name is recorded."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name, user.first_name) if part)
    return name or user.username
