"""The training log's rules in plain Python: no Django and no app imported, only the standard library and
core.units. Progression (what the next set should be), loads (what a gym can set up), advice (the two
joined for a logged set), records, sets (how a set reads), volume and coaching arithmetic, chart geometry.
Frozen dataclasses and Decimal in and out; tested without a database. tests/training_log/domain/test_purity.py
fails if any module here imports Django or an app."""
