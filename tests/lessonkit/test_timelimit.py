"""lessonkit.timelimit: a step stops at its limit; limits nest."""

import time

import pytest

from lessonkit.timelimit import TimeLimitExceeded, time_limit


def test_a_step_stops_at_its_limit():
    with (
        pytest.raises(TimeLimitExceeded, match="took longer than 0.2 s"),
        time_limit(0.2),
    ):
        time.sleep(30)


def test_an_inner_limit_fires_first_and_the_outer_one_still_holds():
    with pytest.raises(TimeLimitExceeded) as outer, time_limit(1.0):
        with pytest.raises(TimeLimitExceeded) as inner, time_limit(0.1):
            time.sleep(30)
        assert inner.value.seconds == 0.1
        time.sleep(30)  # the outer limit, restored, ends this
    assert outer.value.seconds == 1.0


def test_an_outer_limit_that_ends_sooner_governs():
    with pytest.raises(TimeLimitExceeded) as info, time_limit(0.1), time_limit(5):
        time.sleep(30)
    assert info.value.seconds == 0.1


def test_no_timer_is_left_running():
    import signal

    with time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
