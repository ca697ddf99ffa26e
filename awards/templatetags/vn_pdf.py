"""Template filters for printed documents: ``{% load vn_pdf %}``.

{{ decision.signed_on|vn_date_long:"Đồng Tâm" }}  → Đồng Tâm, ngày 05 tháng 11 năm 2022
{{ d|vn_date_words }}                           → ngày 05 tháng 11 năm 2022
{{ d|vn_date }}                                 → 05/11/2022
"""

from django import template

from awards.printing import dates

register = template.Library()


@register.filter
def vn_date_long(value, place=""):
    return dates.vn_date_long(value, place)


@register.filter
def vn_date_words(value):
    return dates.vn_date_words(value)


@register.filter
def vn_date(value):
    return dates.vn_date(value)
