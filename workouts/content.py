"""Our two public templates, written from the method Scapula is built on. Loaded by `load_templates`."""

PROGRESSION_NOTE = (
    "Stop every set one or two reps short of failure and log how many good reps you had left. "
    "When a set reaches the top of its rep range, the next set goes up by the exercise's step; "
    "if the heavier weight gives you fewer reps than the bottom of the range, take the smaller step off. "
    "With more than two reps left, make the next set harder. Each workout, try to beat last time by a rep or a step."
)

TEMPLATES = [
    {
        "slug": "upper-back-a",
        "name": "Upper back A",
        "notes": (
            "Heavy day: the deadlift leads while you are fresh, a heavy row follows, and two lighter pulls "
            "finish the rear shoulders and rotator cuff. Alternate with Upper back B. " + PROGRESSION_NOTE
        ),
        "items": [
            {"exercise": "deadlift", "sets": 3, "rep_min": 4, "rep_max": 6, "rest_seconds": 180},
            {"exercise": "barbell-row", "sets": 3, "rep_min": 6, "rep_max": 10, "rest_seconds": 150},
            {"exercise": "face-pull", "sets": 3, "rep_min": 12, "rep_max": 15, "rest_seconds": 75},
            {"exercise": "upright-row", "sets": 2, "rep_min": 10, "rep_max": 15, "rest_seconds": 75},
        ],
    },
    {
        "slug": "upper-back-b",
        "name": "Upper back B",
        "notes": (
            "Volume day that spares the lower back: nothing here loads your spine. A pulldown gives the teres major "
            "its overhead pull, chest-supported and cable rows work the mid-back, and rear raises finish the "
            "shoulders. Rows get two minutes of rest so the last set is still a good one. Alternate with "
            "Upper back A. " + PROGRESSION_NOTE
        ),
        "items": [
            {"exercise": "lat-pulldown", "sets": 3, "rep_min": 8, "rep_max": 12, "rest_seconds": 120},
            {"exercise": "chest-supported-row", "sets": 3, "rep_min": 8, "rep_max": 12, "rest_seconds": 120},
            {"exercise": "cable-row", "sets": 3, "rep_min": 8, "rep_max": 12, "rest_seconds": 120},
            {"exercise": "dumbbell-rear-lateral-raise", "sets": 3, "rep_min": 12, "rep_max": 20, "rest_seconds": 60},
        ],
    },
]
