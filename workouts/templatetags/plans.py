from django import template

register = template.Library()


@register.filter
def rest(seconds):
    """120 -> "2:00", 75 -> "1:15": how a lifter reads a rest timer."""
    if seconds in (None, ""):
        return ""
    minutes, remainder = divmod(int(seconds), 60)
    return f"{minutes}:{remainder:02d}"
