"""Login backoff: windows grow per client and per user name, refused tries do not count."""

from __future__ import annotations

from review.web.throttle import Backoff, LoginThrottle


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def test_windows_double_after_the_free_failures_up_to_the_cap():
    policy = Backoff(free=3, base=1.0, cap=10.0)
    assert [policy.window(n) for n in range(8)] == [0, 0, 0, 1, 2, 4, 8, 10]


def test_a_window_is_measured_from_the_last_counted_failure_and_success_clears_it():
    clock = Clock()
    throttle = LoginThrottle(clock, client=Backoff(100, 1, 900), user=Backoff(2, 4, 60))
    for _ in range(2):
        throttle.failed("1.2.3.4", "ann")
    assert throttle.wait("5.6.7.8", "ann") == 4.0  # per user: any client waits
    assert throttle.wait("5.6.7.8", "bob") == 0.0
    clock.now = 3.0
    assert throttle.wait("5.6.7.8", "ann") == 1.0  # asking does not stretch the window
    clock.now = 4.0
    assert throttle.wait("5.6.7.8", "ann") == 0.0
    throttle.succeeded("5.6.7.8", "ann")
    assert throttle.wait("1.2.3.4", "ann") == 0.0


def test_failures_are_forgotten_and_memory_is_bounded():
    clock = Clock()
    throttle = LoginThrottle(clock, client=Backoff(1, 1, 10, forget=100), user=Backoff(1, 1, 10, forget=100),
                             max_keys=50)
    throttle.failed("1.2.3.4", "ann")
    assert throttle.wait("1.2.3.4", None) == 1.0
    clock.now = 101.0
    assert throttle.wait("1.2.3.4", "ann") == 0.0
    for i in range(200):
        throttle.failed(f"10.0.0.{i}", f"user{i}")
    assert len(throttle._failures) == 50


def test_guessing_from_elsewhere_never_holds_a_user_at_a_client_they_signed_in_from():
    clock = Clock()
    throttle = LoginThrottle(clock, client=Backoff(100, 1, 900), user=Backoff(2, 4, 60))
    throttle.succeeded("10.0.0.5", "ann")  # ann's own machine
    for attacker in range(10):  # a guess at the end of every window, from ever new addresses
        clock.now += throttle.wait(f"203.0.113.{attacker}", "ann")
        throttle.failed(f"203.0.113.{attacker}", "ann")
    assert throttle.wait("198.51.100.1", "ann") == 60.0  # a new machine waits out the user's window
    assert throttle.wait("10.0.0.5", "ann") == 0.0  # ann's machine is heard at once
    for _ in range(100):  # but a known client guessing is held by its own window
        throttle.failed("10.0.0.5", "ann")
    assert throttle.wait("10.0.0.5", "ann") > 0
