"""The sync worker: drains the outbox to the council's case API, oldest first, one pass at a time.

The item state machine (``sync.outbox.states``)::

    queued --claim--> sending --id--------> sent            (personal data purged)
                         |  \\--token-----> awaiting_id --id--> sent
                         |--transient--> queued (back-off, Retry-After)
                         |--400--------> rejected         (server's words kept; staff resolve)
                         |--401/403----> queued           (attempt undone; whole queue paused)
                         \\--lease runs out (crash)--> claimed again: in doubt, re-sent with the
                                                        same Idempotency-Key

Promises:
- an item is durably ``sending`` under this worker's lease before its POST, and results are
  recorded only for items the worker still holds; so a kiosk's worker and ``sync --once`` never
  both POST one item, and a crash at any point re-sends with the same key, never loses an item;
- results are written in small batches: a crash before a batch is written only means those
  items are re-sent in doubt, which the server's Idempotency-Key handling makes harmless;
- a configuration failure pauses the queue (``outbox_meta``) with the reason for staff and
  touches no item; the queue is probed again after ``pause_probe_seconds``, or at once with
  ``retry_now``; a ``Retry-After`` holds back the whole queue, not just one item;
- a pass stops early after ``max_consecutive_failures`` transient failures in a row, so an
  outage costs one or two timeouts per pass, not one per queued item;
- nothing here logs or returns personal data: only references, counts and staff reasons.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sync.case_api.base import (
    Accepted,
    CaseApiClient,
    CaseSubmission,
    Misconfigured,
    Pending,
    Rejected,
    SubmitOutcome,
    TokenOutcome,
    Transient,
)
from sync.crash_points import crash_point, crash_window
from sync.outbox import ClaimedItem, ItemState, ItemUpdate, Outbox
from sync.retry_policy import SyncPolicy, retry_delay, token_delay

log = logging.getLogger(__name__)

META_PAUSED_REASON = "sync_paused_reason"
META_PAUSED_AT = "sync_paused_at"
META_NOT_BEFORE = "sync_not_before"
META_LAST_PASS = "sync_last_pass_at"
META_LAST_SUCCESS = "sync_last_success_at"
PURGED_ON_SEND = "deleted from the kiosk: the council's system has the case"


@dataclass
class PassSummary:
    """What one pass did, for staff and the command line (no personal data)."""

    sent: int = 0
    awaiting_id: int = 0
    tokens_resolved: int = 0
    retrying: int = 0
    rejected: int = 0
    in_doubt_resent: int = 0
    purged: int = 0
    paused_reason: str | None = None
    held_back_until: datetime | None = None
    stopped_early: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        return self.counts.get(ItemState.QUEUED.value, 0) + self.counts.get(ItemState.SENDING.value, 0)

    def describe(self) -> str:
        """One plain line, e.g. ``sent 3, waiting for a case number 1, retrying later 0, ...``."""
        parts = [
            f"sent {self.sent}",
            f"token resolved {self.tokens_resolved}",
            f"waiting for a case number {self.counts.get(ItemState.AWAITING_ID.value, 0)}",
            f"retrying later {self.retrying}",
            f"rejected {self.rejected}",
            f"still waiting to send {self.waiting}",
        ]
        if self.in_doubt_resent:
            parts.append(f"re-sent after an interruption {self.in_doubt_resent}")
        if self.purged:
            parts.append(f"personal data deleted {self.purged}")
        text = ", ".join(parts)
        if self.paused_reason:
            text += f". Sending is paused: {self.paused_reason}"
        elif self.held_back_until:
            text += f". The server asked us to wait until {self.held_back_until.isoformat(timespec='seconds')}"
        elif self.stopped_early:
            text += f". Stopped early: {self.stopped_early}"
        return text


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def _parse(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass
class _FailureStreak:
    """Transient failures in a row within one pass."""

    count: int = 0


def default_owner() -> str:
    """A lease owner name unique to this process: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SyncWorker:
    """Runs sync passes for one outbox against one case API client."""

    def __init__(
        self,
        outbox: Outbox,
        client: CaseApiClient,
        policy: SyncPolicy | None = None,
        *,
        owner: str | None = None,
        rng: random.Random | None = None,
        monotonic=time.monotonic,
    ) -> None:
        self._outbox = outbox
        self._client = client
        self._policy = policy or SyncPolicy()
        self._owner = owner or default_owner()
        self._rng = rng or random.Random()
        self._monotonic = monotonic

    @property
    def owner(self) -> str:
        return self._owner

    def close(self) -> None:
        """Release the client's connections (the outbox belongs to the caller)."""
        self._client.close()

    def run_pass(self, *, retry_now: bool = False) -> PassSummary:
        """Send what is due, resolve due tokens, purge what may go; return what happened."""
        summary = PassSummary()
        outbox = self._outbox
        summary.purged = len(outbox.purge_due(self._policy.purge_grace, self._policy.rejected_retention))
        now = outbox.now()
        paused = outbox.meta(META_PAUSED_REASON)
        probing = False
        if paused:
            paused_at = _parse(outbox.meta(META_PAUSED_AT)) or now
            if not retry_now and now < paused_at + timedelta(seconds=self._policy.pause_probe_seconds):
                summary.paused_reason = paused
                return self._finish(summary)
            probing = True
        not_before = _parse(outbox.meta(META_NOT_BEFORE))
        if not_before and now < not_before and not retry_now:
            summary.held_back_until = not_before
            return self._finish(summary)
        if not_before:
            outbox.set_meta(META_NOT_BEFORE, None)
        if self._send_due(summary, retry_now=retry_now, probing=probing):
            self._resolve_tokens(summary, retry_now=retry_now)
        return self._finish(summary)

    def _finish(self, summary: PassSummary) -> PassSummary:
        now = _iso(self._outbox.now())
        self._outbox.set_meta(META_LAST_PASS, now)
        if summary.sent or summary.awaiting_id:
            self._outbox.set_meta(META_LAST_SUCCESS, now)
        summary.counts = self._outbox.counts()
        if summary.paused_reason is None:
            summary.paused_reason = self._outbox.meta(META_PAUSED_REASON)
        log.info("sync pass: %s", summary.describe())
        return summary

    def _send_due(self, summary: PassSummary, *, retry_now: bool, probing: bool) -> bool:
        """Send batches until nothing is due; False if the pass had to stop (pause or failures).

        Each batch is claimed (committed) before any of its POSTs; results are recorded every
        ``record_every`` items. A worker holds one batch at a time, so others share the queue.
        """
        policy = self._policy
        failures = _FailureStreak()  # counted across batches: a batch may be smaller than the limit
        while True:
            claimed_at = self._monotonic()
            limit = 1 if probing else policy.batch_size
            batch = self._outbox.claim(self._owner, limit, policy.lease_seconds, retry_now=retry_now)
            if not batch:
                return True
            if not self._send_batch(batch, summary, failures, claimed_at + policy.lease_seconds):
                return False
            if probing:
                self._outbox.set_meta(META_PAUSED_REASON, None)
                self._outbox.set_meta(META_PAUSED_AT, None)
                log.info("sync resumed: the case API accepted a request again")
                probing = False

    def _send_batch(
        self,
        batch: list[ClaimedItem],
        summary: PassSummary,
        failures: _FailureStreak,
        lease_ends: float,
    ) -> bool:
        policy = self._policy
        pending: list[ItemUpdate] = []
        for index, item in enumerate(batch):
            if self._monotonic() + policy.request_budget_seconds > lease_ends:
                self._flush(pending)
                remaining = [i.reference for i in batch[index:]]
                held = self._outbox.renew_leases(self._owner, remaining, policy.lease_seconds)
                lease_ends = self._monotonic() + policy.lease_seconds
                if item.reference not in held:
                    continue
            if item.in_doubt:
                summary.in_doubt_resent += 1
                log.info("re-sending %s after an interruption (same Idempotency-Key)", item.reference)
            crash_point("sync:before_post")
            with crash_window("sync:during_post", 0.05):
                outcome = self._client.submit(CaseSubmission(item.client_uuid, item.reference, item.payload))
            crash_point("sync:after_response")
            pending.append(self._update_for_submit(item, outcome, summary))
            stop = None
            if isinstance(outcome, Misconfigured):
                stop = outcome.reason
            elif isinstance(outcome, Transient):
                failures.count += 1
                if outcome.retry_after:
                    self._hold_back(outcome.retry_after, summary)
                    stop = f"the server asked us to wait ({outcome.reason})"
                elif failures.count >= policy.max_consecutive_failures:
                    stop = f"{failures.count} failures in a row, the last: {outcome.reason}"
            else:
                failures.count = 0
            if stop is not None:
                pending.extend(self._release(batch[index + 1 :]))
                self._flush(pending)
                if isinstance(outcome, Misconfigured):
                    self._pause(outcome.reason, summary)
                summary.stopped_early = stop
                return False
            if len(pending) >= policy.record_every:
                self._flush(pending)
        self._flush(pending)
        return True

    def _update_for_submit(self, item: ClaimedItem, outcome: SubmitOutcome, summary: PassSummary) -> ItemUpdate:
        now = self._outbox.now()
        purge = PURGED_ON_SEND if self._policy.purge_grace <= timedelta(0) else None
        if isinstance(outcome, Accepted):
            if outcome.remote_id:
                summary.sent += 1
                log.info("sent %s: case %s", item.reference, outcome.remote_id)
                return ItemUpdate(item.reference, ItemState.SENT, remote_id=outcome.remote_id, purge_reason=purge)
            summary.awaiting_id += 1
            log.info("sent %s: the server gave a token; the case number comes later", item.reference)
            when = now + timedelta(seconds=token_delay(1, self._policy, self._rng))
            return ItemUpdate(
                item.reference, ItemState.AWAITING_ID, token=outcome.token, next_attempt_at=when, purge_reason=purge
            )
        if isinstance(outcome, Rejected):
            summary.rejected += 1
            # The server's words can quote what the resident typed: they stay in the outbox for
            # staff (council-kiosk queue), never in the log.
            log.warning("rejected %s by the case API (its reason is in the queue)", item.reference)
            return ItemUpdate(item.reference, ItemState.REJECTED, last_error=outcome.reason)
        if isinstance(outcome, Misconfigured):
            return ItemUpdate(item.reference, ItemState.QUEUED, undo_attempt=True, keep_last_error=True)
        summary.retrying += 1
        delay = retry_delay(item.attempts, self._policy, self._rng, outcome.retry_after)
        log.info("will retry %s in %.0f s: %s", item.reference, delay, outcome.reason)
        return ItemUpdate(
            item.reference, ItemState.QUEUED, last_error=outcome.reason, next_attempt_at=now + timedelta(seconds=delay)
        )

    def _release(self, items: list[ClaimedItem]) -> list[ItemUpdate]:
        """Give back claimed items not tried in this pass, as if they had not been claimed."""
        return [ItemUpdate(i.reference, ItemState.QUEUED, undo_attempt=True, keep_last_error=True) for i in items]

    def _flush(self, pending: list[ItemUpdate]) -> None:
        """Record the results durably. A crash before this only leaves those items in doubt, to
        be re-sent with the same Idempotency-Key. (A writer thread beside the network was
        measured slower here: the GIL costs more than it overlaps; see bench/sync_drain.py.)"""
        if not pending:
            return
        self._outbox.record(self._owner, pending)
        pending.clear()

    def _pause(self, reason: str, summary: PassSummary) -> None:
        log.error("sync paused, nothing will be sent until it is fixed: %s", reason)
        self._outbox.set_meta(META_PAUSED_REASON, reason)
        self._outbox.set_meta(META_PAUSED_AT, _iso(self._outbox.now()))
        summary.paused_reason = reason

    def _hold_back(self, seconds: float, summary: PassSummary) -> None:
        until = self._outbox.now() + timedelta(seconds=retry_delay(1, self._policy, self._rng, seconds))
        self._outbox.set_meta(META_NOT_BEFORE, _iso(until))
        summary.held_back_until = until

    def _resolve_tokens(self, summary: PassSummary, *, retry_now: bool) -> None:
        policy = self._policy
        started = self._outbox.now()
        while True:
            # Each token is asked about at most once per pass: items answered since ``started`` are
            # left out, or a token polled faster than its batch takes would keep the pass going.
            batch = self._outbox.claim_tokens(
                self._owner, policy.batch_size, policy.lease_seconds, retry_now=retry_now, asked_before=started
            )
            if not batch:
                return
            updates = []
            for item in batch:
                outcome = self._client.resolve_token(item.token or "")
                updates.append(self._update_for_token(item, outcome, summary))
                if isinstance(outcome, Misconfigured | Transient):
                    updates.extend(
                        ItemUpdate(i.reference, ItemState.AWAITING_ID, keep_last_error=True)
                        for i in batch[len(updates) :]
                    )
                    self._flush(updates)
                    if isinstance(outcome, Misconfigured):
                        self._pause(outcome.reason, summary)
                    return
            self._flush(updates)

    def _update_for_token(self, item: ClaimedItem, outcome: TokenOutcome, summary: PassSummary) -> ItemUpdate:
        now = self._outbox.now()
        if isinstance(outcome, Accepted) and outcome.remote_id:
            summary.tokens_resolved += 1
            summary.sent += 1
            log.info("token of %s resolved: case %s", item.reference, outcome.remote_id)
            return ItemUpdate(item.reference, ItemState.SENT, remote_id=outcome.remote_id)
        if isinstance(outcome, Misconfigured):
            return ItemUpdate(item.reference, ItemState.AWAITING_ID, keep_last_error=True)
        reason = outcome.reason if isinstance(outcome, Pending | Transient | Rejected) else "no case number yet"
        retry_after = outcome.retry_after if isinstance(outcome, Transient) else None
        when = now + timedelta(seconds=token_delay(1, self._policy, self._rng, retry_after))
        return ItemUpdate(item.reference, ItemState.AWAITING_ID, last_error=reason, next_attempt_at=when)
