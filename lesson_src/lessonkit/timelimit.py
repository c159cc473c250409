"""A wall-clock limit on one build step (a figure, an expression): SIGALRM
interrupts the step and `TimeLimitExceeded` says which limit it hit.

Signals reach only the main thread, so off it (or under an outer limit) the
step runs unlimited; the build command always runs in the main thread."""

from __future__ import annotations

import contextlib
import signal
import threading


class TimeLimitExceeded(Exception):
    """The step ran longer than its limit."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float):
    """Run the body for at most `seconds`; raise TimeLimitExceeded after that."""
    usable = (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # no outer limit
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
