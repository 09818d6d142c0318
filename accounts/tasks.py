"""Work the request leaves to the task worker: mail (see accounts.mail for why the request never sends it
itself) and deleting an account's data (accounts.deletion).

Arguments are what the request knew, never a secret: the worker's table keeps them, so links are made
here, from the account as it is when the task runs."""

from django_tasks import task

from . import deletion, mail


@task()
def mail_sign_up(user_id: int, site: str, next_url: str = "") -> None:
    mail.send_sign_up(user_id=user_id, site=site, next_url=next_url)


@task()
def mail_confirmation_again(email: str, site: str) -> None:
    mail.send_confirmation_again(email=email, site=site)


@task()
def mail_password_reset(email: str, domain: str, use_https: bool) -> None:
    mail.send_password_reset(email=email, domain=domain, use_https=use_https)


@task()
def delete_account_data(deletion_id: int) -> None:
    """What is left of an account whose owner asked to delete it (accounts.deletion.run: in batches)."""
    deletion.run(deletion_id)
