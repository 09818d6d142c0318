from django import template

register = template.Library()


@register.filter
def rest(seconds):
    """120 -> "2:00", 75 -> "1:15": how a lifter reads a rest timer."""
    if seconds in (None, ""):
        return ""
    minutes, remainder = divmod(int(seconds), 60)
    return f"{minutes}:{remainder:02d}"


DAY_NAMES = dict(enumerate(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], start=1))


@register.filter
def assignment_days(assignment):
    """An assignment as a planner remembers it: "Mon, Thu × 4 weeks from 30 Nov"."""
    days = ", ".join(DAY_NAMES.get(int(day), "") for day in assignment.weekdays.split(",") if day.isdigit())
    weeks = f"{assignment.weeks} week{'s' if assignment.weeks != 1 else ''}"
    return f"{days} × {weeks} from {assignment.start_date.day} {assignment.start_date:%b}"
