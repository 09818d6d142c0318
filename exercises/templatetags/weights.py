from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def weight(value):
    """225.00 -> "225", 2.50 -> "2.5": weights read the way lifters write them."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    return f"{number:f}"
