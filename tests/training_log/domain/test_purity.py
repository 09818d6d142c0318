"""training_log.domain is the training log's rules in plain Python. A module there that imports Django (or an
app, which imports Django) could not be run or tested without a database and settings; this says so the day
it happens, whichever module it is."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = ROOT / "training_log" / "domain"
APPS = ("django", "accounts", "exercises", "workouts", "config")
MODULES = sorted(f"training_log.domain.{path.stem}" for path in DOMAIN.glob("*.py") if path.stem != "__init__")


def _imported_by(module: str) -> list[str]:
    """The modules a fresh interpreter holds after importing `module`, as it would in any process."""
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _not_pure(module: str) -> list[str]:
    """What the module pulled in that the domain may not: Django, an app, or training_log outside domain/."""
    return [
        name
        for name in _imported_by(module)
        if name.split(".")[0] in APPS
        or (name.startswith("training_log.") and not name.startswith("training_log.domain"))
    ]


def test_every_domain_module_is_checked():
    assert {"progression", "loads", "advice", "records", "charts", "sets", "volume", "coaching", "stalls"} <= {
        name.rsplit(".", 1)[1] for name in MODULES
    }


@pytest.mark.parametrize("module", MODULES)
def test_a_domain_module_imports_no_django_and_no_app(module):
    assert _not_pure(module) == []


def test_core_units_shared_with_the_rules_imports_no_django():
    assert _not_pure("core.units") == []


def test_the_check_sees_a_module_that_imports_django():
    assert "django.db.models" in _not_pure("django.db.models")
    assert "training_log.models" not in _imported_by("training_log.domain.sets")
