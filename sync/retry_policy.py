"""How long the sync worker waits before trying an item (or a token) again.

Back-off is exponential per item (``base * 2**(attempts-1)``, capped), with "equal jitter":
the wait is between half and all of that, so many kiosks coming back after an outage do not
all retry at the same moment, and no wait is ever zero. A server's ``Retry-After`` is honoured
when it asks for longer (up to a day, so a wrong header cannot stall the queue for good).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

MAX_RETRY_AFTER_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class SyncPolicy:
    """Everything about pacing and retention the worker needs; built from the kiosk's settings."""

    lease_seconds: float = 300.0
    batch_size: int = 100
    backoff_base_seconds: float = 30.0
    backoff_cap_seconds: float = 3600.0
    token_poll_base_seconds: float = 5.0
    token_poll_cap_seconds: float = 900.0
    pause_probe_seconds: float = 300.0
    request_budget_seconds: float = 40.0
    purge_grace: timedelta = timedelta(0)
    rejected_retention: timedelta = timedelta(days=30)
    max_consecutive_failures: int = 3
    record_every: int = 100

    def __post_init__(self) -> None:
        if self.lease_seconds <= self.request_budget_seconds:
            raise ValueError(
                f"the lease ({self.lease_seconds:g} s) must be longer than one request can take "
                f"({self.request_budget_seconds:g} s: connect + read timeout and a margin)"
            )


def _jittered(exponential: float, rng: random.Random) -> float:
    return exponential / 2 + rng.uniform(0, exponential / 2)


def retry_delay(attempts: int, policy: SyncPolicy, rng: random.Random, retry_after: float | None = None) -> float:
    """Seconds to wait before the next attempt of an item that has had ``attempts`` attempts."""
    exponential = min(policy.backoff_cap_seconds, policy.backoff_base_seconds * 2.0 ** min(max(0, attempts - 1), 60))
    delay = _jittered(exponential, rng)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
    return delay


def token_delay(polls: int, policy: SyncPolicy, rng: random.Random, retry_after: float | None = None) -> float:
    """Seconds to wait before asking again what a token became, after ``polls`` questions."""
    exponential = min(policy.token_poll_cap_seconds, policy.token_poll_base_seconds * 2.0 ** min(max(0, polls - 1), 60))
    delay = _jittered(exponential, rng)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
    return delay
