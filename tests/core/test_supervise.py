"""The task worker comes back when it exits (core.supervise, `manage.py run_worker`, `make run`/`make serve`)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Stands in for db_worker: writes its process id, then waits to be stopped (or killed).
WORKER = "import os, sys, time; open(sys.argv[1], 'a').write(f'{os.getpid()}\\n'); time.sleep(120)"
SUPERVISOR = (
    "import sys; from core.supervise import keep_running; "
    "sys.exit(keep_running([sys.executable, '-c', sys.argv[1], sys.argv[2]], first_pause=0.1))"
)


def _pids(path: Path, at_least: int, deadline: float = 20.0) -> list[int]:
    """The worker pids written so far, once there are at_least of them (a deadline only so a broken
    supervisor fails the test instead of hanging it)."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        pids = [int(line) for line in path.read_text().split()] if path.exists() else []
        if len(pids) >= at_least:
            return pids
        time.sleep(0.05)
    raise AssertionError(f"only {path.read_text() if path.exists() else 'no'} worker pids after {deadline} s")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_worker_is_running_again_and_stops_with_the_supervisor(tmp_path):
    pids_file = tmp_path / "pids"
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, WORKER, str(pids_file)], cwd=ROOT)
    try:
        [first] = _pids(pids_file, 1)
        os.kill(first, signal.SIGKILL)  # the worker dies (as db_worker does on a database blip)
        first_again, second = _pids(pids_file, 2)
        assert first_again == first and second != first
        assert _alive(second)

        supervisor.send_signal(signal.SIGTERM)  # the server stops
        assert supervisor.wait(timeout=20) == 0
        assert not _alive(second)
        assert len(_pids(pids_file, 2)) == 2  # and not started again
    finally:
        if supervisor.poll() is None:
            supervisor.kill()


def test_a_worker_that_exits_at_once_is_started_again_with_a_growing_pause(tmp_path):
    pids_file = tmp_path / "pids"
    quitter = "import os, sys; open(sys.argv[1], 'a').write(f'{os.getpid()}\\n'); sys.exit(1)"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, quitter, str(pids_file)], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        _pids(pids_file, 4)  # the third exit is logged before the fourth start
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=20)
        lines = supervisor.stderr.read().splitlines()
        pauses = [line.rsplit(" in ", 1)[1] for line in lines if "exited with 1" in line]
        assert pauses[:3] == ["0.1 s", "0.2 s", "0.4 s"]
    finally:
        if supervisor.poll() is None:
            supervisor.kill()


def test_what_a_killed_worker_left_running_goes_with_it(tmp_path):
    """db_worker under Django's autoreloader is two processes: killing the parent must not leave the worker."""
    pids_file = tmp_path / "pids"
    parent = (
        "import subprocess, sys, time;"
        " child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']);"
        " open(sys.argv[1], 'a').write(f'{child.pid}\\n'); time.sleep(120)"
    )
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, parent, str(pids_file)], cwd=ROOT)
    try:
        [left_behind] = _pids(pids_file, 1)
        parent_pid = int(subprocess.check_output(["ps", "-o", "ppid=", "-p", str(left_behind)]))
        os.kill(parent_pid, signal.SIGKILL)
        _pids(pids_file, 2)  # started again
        give_up = time.monotonic() + 20
        while _alive(left_behind) and time.monotonic() < give_up:
            time.sleep(0.05)
        assert not _alive(left_behind)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=20)
