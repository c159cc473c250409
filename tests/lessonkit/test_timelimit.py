"""lessonkit.timelimit: a step stops at its limit; limits nest; CPU time is
not wall time."""

import time

import pytest

from lessonkit.timelimit import TimeLimitExceeded, cpu_limit, time_limit


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


def test_a_cpu_limit_stops_a_computation_and_not_a_wait():
    with cpu_limit(0.2):
        time.sleep(0.5)  # waiting uses no CPU time
    started = time.process_time()
    with (
        pytest.raises(TimeLimitExceeded, match="used more than 0.2 s of CPU"),
        cpu_limit(0.2),
    ):
        while True:
            pass
    assert 0.15 <= time.process_time() - started < 5  # the timer's own ticks


def test_cpu_limits_nest_and_leave_no_timer():
    import signal

    with pytest.raises(TimeLimitExceeded) as outer, cpu_limit(0.6):
        with pytest.raises(TimeLimitExceeded) as inner, cpu_limit(0.1):
            while True:
                pass
        assert inner.value.seconds == 0.1
        while True:
            pass
    assert outer.value.seconds == 0.6
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
