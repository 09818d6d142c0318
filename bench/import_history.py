"""How long an import takes, and whether its memory grows with the file.

Generates Strong exports (semicolon layout, units, RPE, warm-ups, a cardio row now and then) of 10,000 and
100,000 rows, then for each: the upload's check and preview (start_import), and the import itself
(run_import, one transaction), timed, each file in a process of its own so that the process's peak memory
(max RSS) is the import's. On a throwaway SQLite database, or DATABASE_URL's (a scratch copy of the schema on
PostgreSQL is your database: use a throwaway one). Prints the figures and writes them to bench/results/.
Usage: make bench, or .venv/bin/python bench/import_history.py [rows ...]
"""

import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROWS = [int(arg) for arg in sys.argv[1:] if arg.isdigit()] or [10_000, 100_000]
HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;"
    "Workout Notes;Workout Duration\n"
)
LIFTS = ["Deadlift (Barbell)", "Bent Over Row (Barbell)", "Seated Row (Cable)", "Face Pull (Cable)", "Shrug (Dumbbell)"]


def strong_file(path: Path, rows: int) -> None:
    """rows rows: workouts of 20 sets (4 lifts x 5, the first a warm-up), every other day back from today."""
    rng = random.Random(rows)
    day = datetime(2026, 11, 1, 18, 0, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        written = workouts = 0
        while written < rows:
            day -= timedelta(days=2)
            workouts += 1
            for lift in rng.sample(LIFTS, 4):
                for number in range(5):
                    order = "W" if number == 0 else str(number)
                    weight = 40 + rng.randrange(0, 120, 5)
                    rpe = rng.choice(["7", "8", "8.5", "9", ""])
                    out.write(f'{day:%Y-%m-%d %H:%M:%S};"Pull";"{lift}";{order};{weight};kg;{rng.randint(4, 12)};')
                    out.write(f'{rpe};;;0;"";"";1h 5m\n')
                    written += 1
            if workouts % 20 == 0:
                out.write(f'{day:%Y-%m-%d %H:%M:%S};"Pull";"Rowing (Machine)";1;;;;;2;km;600;"";"";1h 5m\n')
                written += 1


def one(path: Path, scratch: Path) -> dict:
    """Import one file in this process: its figures, and the peak memory before and after."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / (path.stem + '.sqlite3')}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from training_log.models import ImportJob, SetLog
    from training_log.transfer import importer, services

    call_command("migrate", verbosity=0)
    call_command("load_library", stdout=StringIO())
    user = User.objects.create(username=f"bench-{path.stem}", email=f"{path.stem}@example.com")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = path.stat().st_size
    with path.open("rb") as handle:
        upload = SimpleUploadedFile(path.name, b"")
        upload.file, upload.size = handle, size
        started = time.perf_counter()
        job = services.start_import(actor=user, upload=upload)
        preview = time.perf_counter() - started
    mapping = {entry["name"]: str(entry["suggestion"] or "new") for entry in job.preview["exercises"]}
    ImportJob.objects.filter(pk=job.pk).update(status="queued", mapping=mapping)
    started = time.perf_counter()
    importer.run_import(job.pk)
    run = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "done", job.error
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": job.rows_total,
        "bytes": size,
        "database": connection.vendor,
        "preview_s": round(preview, 2),
        "import_s": round(run, 2),
        "sets": SetLog.objects.filter(athlete=user).count(),
        "rows_per_s": round(job.rows_total / run),
        "rss_before_mib": round(before / 1024, 1),
        "rss_peak_mib": round(after / 1024, 1),
    }


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    scratch = Path(tempfile.mkdtemp(prefix="scapula-import-bench-"))
    results = []
    for rows in ROWS:
        path = scratch / f"strong-{rows}.csv"
        strong_file(path, rows)
        # Debug off, as in production: with it on, Django keeps every query's SQL in connection.queries.
        env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(path), str(scratch)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        results.append(figures)
        print(
            f"import {figures['rows']:>7,} rows ({figures['bytes'] / 2**20:.1f} MB, {figures['database']}): "
            f"check+preview {figures['preview_s']} s, import {figures['import_s']} s "
            f"({figures['rows_per_s']:,} rows/s, {figures['sets']:,} sets); "
            f"peak memory {figures['rss_peak_mib']} MiB (before the upload {figures['rss_before_mib']} MiB)"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (out / f"import-{stamp}.json").write_text(json.dumps({"cpus": os.cpu_count(), "runs": results}, indent=2))


if __name__ == "__main__":
    main()
