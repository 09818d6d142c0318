from django import template

register = template.Library()

# `regions` (the figure's `heat`): muscle slug -> an object with `css_class` (one extra class for the muscle's region)
# and `description` (added to the region's accessible name), e.g. training_log.selectors.volume's weekly hard sets.


@register.filter
def region_class(regions, slug):
    """ " heat-3" to append to the region's class list, or "" when the page marks nothing."""
    if not regions or slug not in regions:
        return ""
    return f" {regions[slug].css_class}"


@register.filter
def region_description(regions, slug):
    """ ": 12 hard sets this week" to append to the region's accessible name, or ""."""
    if not regions or slug not in regions:
        return ""
    return f": {regions[slug].description}"
