"""Keeps a command running: started again whenever it exits, after a pause that grows while it keeps failing.

`db_worker` exits on a database blip (an OperationalError it does not catch) and then every later task waits
for ever. In production systemd starts it again (`Restart=always`, docs/deploy.md); `make run` and `make serve`
have no systemd, so they run it under this (`manage.py run_worker`). Plain subprocess and signal handling, no
Django: what it supervises is any command line.

The command runs in its own session, so Ctrl-C in the terminal reaches only the supervisor, which passes one
SIGTERM on to the command's process group (db_worker then finishes the task in hand, as under systemd) and waits
for it. A second signal more than a moment later is passed on too: db_worker takes a second one as "stop now".
When the command exits, whatever it left running in its group is killed (with DEBUG on, db_worker runs under
Django's autoreloader, whose worker process would otherwise outlive a killed parent).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

FIRST_PAUSE = 1.0  # seconds before the first restart
LONGEST_PAUSE = 30.0  # the pause doubles while the command keeps exiting, up to this
STEADY_AFTER = 60.0  # a run at least this long counts as healthy: the next pause is the first one again
REPEAT_SIGNAL_AFTER = 1.0  # make's trap and the terminal's Ctrl-C arrive together: pass them on as one


def keep_running(
    command: Sequence[str] | Callable[[], Sequence[str]],
    *,
    first_pause: float = FIRST_PAUSE,
    longest_pause: float = LONGEST_PAUSE,
    steady_after: float = STEADY_AFTER,
    name: str = "",
    log: Callable[[str], None] | None = None,
    after_exit: Callable[[int], None] | None = None,
) -> int:
    """Run the command line until SIGTERM or SIGINT, starting it again each time it exits; 0 once stopped.
    `command` may be a function giving the line afresh for each start; `after_exit(code)` runs after each exit
    that was not asked for, before the pause."""
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    state = {"stopping": False, "child": None, "signalled_at": -REPEAT_SIGNAL_AFTER}

    def stop(*_):
        state["stopping"] = True
        child = state["child"]
        now = time.monotonic()
        if child is not None and child.poll() is None and now - state["signalled_at"] >= REPEAT_SIGNAL_AFTER:
            state["signalled_at"] = now
            _signal_group(child, signal.SIGTERM)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    pause = first_pause
    try:
        while not state["stopping"]:
            started = time.monotonic()
            argv = command() if callable(command) else command
            state["child"] = subprocess.Popen(argv, start_new_session=True)  # noqa: S603 - our own command line
            if state["stopping"]:  # the signal came between the loop's test and Popen
                _signal_group(state["child"], signal.SIGTERM)
            code = state["child"].wait()
            # What it started and left behind (db_worker's autoreloader runs the worker in a child process).
            _signal_group(state["child"], signal.SIGKILL)
            if state["stopping"]:
                break
            if time.monotonic() - started >= steady_after:
                pause = first_pause
            log(f"{name or argv[0]} exited with {code}; starting it again in {pause:g} s")
            if after_exit is not None:
                after_exit(code)
            deadline = time.monotonic() + pause
            while not state["stopping"] and time.monotonic() < deadline:
                time.sleep(0.05)
            pause = min(pause * 2, longest_pause)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _signal_group(child: subprocess.Popen, number: int) -> None:
    """The command and every process it started: its own session made it the leader of their group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, number)
