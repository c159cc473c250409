"""A wall-clock limit on one build step (a figure, an expression): SIGALRM
interrupts the step and `TimeLimitExceeded` says which limit it hit.

Signals reach only the main thread, so off it the step runs unlimited; the
build command and its figure workers run in their main thread."""

from __future__ import annotations

import contextlib
import signal
import threading
import time


class TimeLimitExceeded(Exception):
    """The step ran longer than its limit."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float):
    """Run the body for at most `seconds`; raise TimeLimitExceeded after that.
    Inside an outer limit that ends sooner, the outer one governs."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer_left and outer_left <= seconds:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded(seconds)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:  # give the outer limit what is left of it
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
