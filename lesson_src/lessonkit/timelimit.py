"""Limits on one build step (a figure, an expression): a timer's signal
interrupts the step and `TimeLimitExceeded` says which limit it hit.

- `time_limit`: wall-clock seconds (SIGALRM), a guard against a step that
  waits forever.
- `cpu_limit`: seconds of this process's CPU time, all threads (SIGPROF), a
  guard against a step that computes forever. Unlike wall-clock time it does
  not run out because other programs keep the machine busy.

Signals reach only the main thread, so off it the step runs unlimited; the
build command and its figure workers run in their main thread."""

from __future__ import annotations

import contextlib
import signal
import threading
import time


class TimeLimitExceeded(Exception):
    """The step ran longer than its limit."""

    def __init__(self, seconds: float, what: str = "took longer than {} s"):
        super().__init__(what.format(f"{seconds:g}"))
        self.seconds = seconds


def time_limit(seconds: float):
    """Run the body for at most `seconds` of wall-clock time; raise
    TimeLimitExceeded after that. Inside an outer limit that ends sooner, the
    outer one governs."""
    return _limit(
        seconds, "ITIMER_REAL", "SIGALRM", time.monotonic, "took longer than {} s"
    )


def cpu_limit(seconds: float):
    """Run the body for at most `seconds` of the process's CPU time; raise
    TimeLimitExceeded after that. Limits nest as `time_limit`'s do."""
    return _limit(
        seconds,
        "ITIMER_PROF",
        "SIGPROF",
        time.process_time,
        "used more than {} s of CPU time",
    )


@contextlib.contextmanager
def _limit(seconds, timer_name, signal_name, clock, what):
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return
    timer, signum = getattr(signal, timer_name), getattr(signal, signal_name)
    outer_left = signal.getitimer(timer)[0]
    if outer_left and outer_left <= seconds:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded(seconds, what)

    started = clock()
    previous = signal.signal(signum, expire)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)
        if outer_left:  # give the outer limit what is left of it
            left = outer_left - (clock() - started)
            signal.setitimer(timer, max(left, 0.001))
