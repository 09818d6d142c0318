"""Writes, each taking the acting user as keyword-only `actor=` and checking it itself: sessions (a
workout and its sets), comments, overrides. The import's writes live in training_log.transfer."""
