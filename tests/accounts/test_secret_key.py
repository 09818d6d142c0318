"""`make serve` never invents a new secret key for a site that has accounts (it would log them all out)."""

import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.management.commands.make_secret_key import REFUSED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_key_in_the_environment(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)


def test_a_new_site_gets_a_key_only_its_owner_can_read(tmp_path):
    path = tmp_path / ".secret_key"
    call_command("make_secret_key", str(path), stdout=StringIO())
    assert len(path.read_text().strip()) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_site_with_accounts_and_no_key_is_refused_and_told_what_to_do(tmp_path):
    UserFactory()
    path = tmp_path / ".secret_key"
    with pytest.raises(CommandError) as refused:
        call_command("make_secret_key", str(path))
    assert str(refused.value) == REFUSED.format(path=path)
    assert not path.exists()


def test_a_given_key_file_is_kept(tmp_path):
    UserFactory()
    path = tmp_path / ".secret_key"
    path.write_text("the-key-the-site-ran-with\n")
    call_command("make_secret_key", str(path))
    assert path.read_text() == "the-key-the-site-ran-with\n"


def test_a_key_in_the_environment_needs_no_file(tmp_path, monkeypatch):
    UserFactory()
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x7" * 30)
    path = tmp_path / ".secret_key"
    call_command("make_secret_key", str(path))
    assert not path.exists()
