"""/log/import/: upload, preview, progress, summary. Only the athlete imports, into their own log: every
job is fetched through the viewer's own jobs, anyone else's is a 404."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..models import ImportJob
from . import services
from .forms import ConfirmForm, UploadForm

RECENT = 5
DISCARDED = "Import cancelled: nothing was stored."


def _jobs(user) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(athlete=user).defer("preview", "mapping")


def _job_or_404(user, pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.filter(athlete=user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    bound = request.method == "POST"
    form = UploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(athlete=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(job)
    return render(
        request,
        "training_log/import/upload.html",
        {
            "form": form,
            "recent": _jobs(request.user)[:RECENT],
            "limit": services.human_size(settings.IMPORT_MAX_BYTES),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    job = _job_or_404(request.user, pk)
    form = None
    if job.status == ImportJob.Status.PREVIEW:
        data = request.POST if request.method == "POST" else None
        form = ConfirmForm(data, job=job, choices=services.mapping_choices(request.user))
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_import(
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
            "done": services.rows_done(job),
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
    job = _job_or_404(request.user, pk)
    return render(request, "training_log/import/_status.html", {"job": job, "done": services.rows_done(job)})


@login_required
@require_POST
def discard(request, pk):
    job = _job_or_404(request.user, pk)
    if services.discard_import(actor=request.user, job=job):
        messages.success(request, DISCARDED)
    return redirect("training_log:import")
