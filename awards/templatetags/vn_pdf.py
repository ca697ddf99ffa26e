"""Template filters for printed documents: ``{% load vn_pdf %}`` (dongtam.formatting's dates).

{{ decision.signed_on|vn_date_long:"Đồng Tâm" }}  → Đồng Tâm, ngày 05 tháng 11 năm 2022
{{ d|vn_date_words }}                           → ngày 05 tháng 11 năm 2022
{{ d|vn_date }}                                 → 05/11/2022
"""

from django import template

from dongtam import formatting

register = template.Library()


@register.filter
def vn_date_long(value, place=""):
    return formatting.vn_date_long(value, place)


@register.filter
def vn_date_words(value):
    return formatting.vn_date_words(value)


@register.filter
def vn_date(value):
    return formatting.vn_date(value)
