"""Taking the data away and bringing it in.

/log/export/: what the athlete logged and everything the account holds, only ever their own.
/log/import/: upload, preview, progress, summary. Only the athlete imports, into their own log: every job is
fetched through the viewer's own jobs (transfer.selectors), anyone else's is a 404."""

import csv
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ..models import ImportJob
from .forms import ConfirmForm, UploadForm
from .importer import rows_done
from .selectors import account_json, get_job_for_athlete, jobs_of, set_rows, strong_rows
from .services import cancel_import, confirm_import, discard_import, human_size, mapping_choices, start_import

RECENT = 5
DISCARDED = "Import cancelled: nothing was stored."
CANCELLED = "Import ended: nothing from the file was stored. You can upload it again."


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    bound = request.method == "POST"
    form = UploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(job)
    return render(
        request,
        "training_log/import/upload.html",
        {
            "form": form,
            "recent": jobs_of(request.user)[:RECENT],
            "limit": human_size(settings.IMPORT_MAX_BYTES),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    job = get_job_for_athlete(request.user, pk)
    form = None
    if job.status == ImportJob.Status.PREVIEW:
        data = request.POST if request.method == "POST" else None
        form = ConfirmForm(data, job=job, choices=mapping_choices(request.user))
        if request.method == "POST" and form.is_valid():
            try:
                confirm_import(
                    actor=request.user,
                    job=job,
                    mapping=form.mapping(),
                    unit=form.cleaned_data.get("unit", ""),
                    leave_out_broken=form.cleaned_data.get("leave_out_broken", False),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(job)
    elif request.method == "POST":
        return redirect(job)  # confirmed already (a second tap): show where it stands
    preview = job.preview
    return render(
        request,
        "training_log/import/detail.html",
        {
            "job": job,
            "form": form,
            "done": rows_done(job),
            "preview": preview,
            "first": _day(preview.get("first")),
            "last": _day(preview.get("last")),
            "new_sets": preview.get("sets", 0) - preview.get("already", 0),
            "recognised": [entry for entry in preview.get("exercises", []) if entry["recognised"]],
        },
        status=400 if form is not None and form.errors else 200,
    )


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@login_required
def progress(request, pk):
    """The progress bar, or the summary once it has finished: what the page polls every second or two."""
    job = get_job_for_athlete(request.user, pk)
    return render(request, "training_log/import/_status.html", {"job": job, "done": rows_done(job)})


@login_required
@require_POST
def discard(request, pk):
    job = get_job_for_athlete(request.user, pk)
    if discard_import(actor=request.user, job=job):
        messages.success(request, DISCARDED)
    return redirect("training_log:import")


@login_required
@require_POST
def cancel(request, pk):
    """Ends an import whose worker stopped (or that no worker has started): the page offers it then."""
    job = get_job_for_athlete(request.user, pk)
    if cancel_import(actor=request.user, job=job):
        messages.success(request, CANCELLED)
    return redirect(job)


class _Echo:
    """A file-like object whose write returns what it was given: csv.writer then yields lines one by one."""

    def write(self, value):
        return value


def _download(pieces, *, kind: str, extension: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(pieces, content_type=content_type)
    filename = f"scapula-{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_download(rows, *, kind: str, line_end: str = "\r\n") -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), lineterminator=line_end)
    return _download((writer.writerow(row) for row in rows), kind=kind, extension="csv", content_type="text/csv")


@login_required
def export(request):
    return render(request, "training_log/export.html")


@login_required
def export_sets(request):
    return _csv_download(set_rows(request.user), kind="sets")


@login_required
def export_strong(request):
    return _csv_download(strong_rows(request.user), kind="strong", line_end="\n")  # as Strong writes it


@login_required
def export_account(request):
    return _download(account_json(request.user), kind="account", extension="json", content_type="application/json")
