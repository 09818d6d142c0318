from django import template

register = template.Library()


@register.filter
def region_class(classes, slug):
    """`classes`: muscle slug -> one extra CSS class for its region in the anatomy figure (a heat map's band).
    Returns " <class>" to append to the region's class list, or "" when the page passes none."""
    if not classes or slug not in classes:
        return ""
    return f" {classes[slug]}"
