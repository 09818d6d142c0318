from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache outlives a test's database transaction, so each test starts with it empty."""
    cache.clear()
    yield
    cache.clear()


def _load_library():
    call_command("load_library", stdout=StringIO())


@pytest.fixture
def library(db):
    """Our exercise library, loaded the way `make run` loads it."""
    _load_library()


@pytest.fixture
def library_transactional(transactional_db):
    """The library for tests that share the database with a live server thread."""
    _load_library()
