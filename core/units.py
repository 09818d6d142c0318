"""The weight units Scapula knows: their one home.

Standard library only (no Django), so the pure progression rules can import it as well as the
models, which build their choices from it (`accounts.models.Unit`).
"""

LB = "lb"
KG = "kg"
UNITS = (LB, KG)
