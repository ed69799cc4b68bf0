"""The sync worker end to end: the real outbox, the real Open311 client, the reference server over HTTP.

Nothing of ours is mocked. The server runs on 127.0.0.1 in this process with its faults switched on
and off; the outbox is a real SQLite file. The outbox clock (``MovableClock``) is moved by hand, so
back-off, ``Retry-After`` and the pause probe are passed without sleeping; only the server's own
delays (token resolution, latency) take real time, and those are kept to fractions of a second.
The command-line tests are in ``test_sync_command``.
"""

# ruff: noqa: F811 - pytest fixtures imported from sync_helpers are used as arguments
from __future__ import annotations

import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from reference_server_fixture import reference_server  # noqa: F401 - a fixture
from sync_helpers import (  # noqa: F401 - clock, outbox and server are fixtures
    PERSONAL_WORDS,
    MovableClock,
    Queued,
    answers_for,
    assert_all_sent_exactly_once,
    case_payload,
    client_for,
    clock,
    enqueue_many,
    fast_policy,
    item,
    open_outbox,
    outbox,
    server,
    wait_for,
)

from sync.outbox import ItemState, Outbox
from sync.reference_server import ReferenceServer
from sync.worker import META_NOT_BEFORE, META_PAUSED_REASON, SyncWorker


def worker_for(outbox: Outbox, server: ReferenceServer, fmt: str = "json", **policy: Any) -> SyncWorker:
    return SyncWorker(outbox, client_for(server, fmt), fast_policy(**policy))


def attempts_by_reference(server: ReferenceServer, queued: list[Queued]) -> dict[str, int]:
    attempts = server.post_attempts()
    return {q.reference: attempts.get(q.client_uuid, 0) for q in queued}


def case_for(server: ReferenceServer, queued: Queued) -> dict[str, Any]:
    cases = [case for case in server.cases() if case["idempotency_key"] == queued.client_uuid]
    assert len(cases) == 1, f"{queued.reference}: {len(cases)} cases at the server"
    return cases[0]


# ---------------------------------------------------------------------------------------------
# Clean runs


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_clean_run_sends_every_item_once_and_purges_its_personal_data(
    server: ReferenceServer, outbox: Outbox, fmt: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    queued = enqueue_many(outbox, 2) + enqueue_many(outbox, 1, service_code="POTHOLE", form_id="pothole")

    summary = worker_for(outbox, server, fmt).run_pass()

    assert all(q.reference in caplog.text for q in queued)
    for word in PERSONAL_WORDS:
        assert word.lower() not in caplog.text.lower(), f"{word!r} was logged"

    assert (summary.sent, summary.retrying, summary.rejected, summary.paused_reason) == (3, 0, 0, None)
    assert summary.counts[ItemState.SENT.value] == 3
    for q in queued:
        stored, case = item(outbox, q.reference), case_for(server, q)
        assert stored.state is ItemState.SENT
        assert stored.remote_id == case["service_request_id"] and stored.remote_id.startswith("SR-")
        assert (stored.attempts, stored.last_error, stored.token) == (1, None, None)
        assert stored.sent_at is not None
        assert outbox.personal_data(q.reference) is None
        assert stored.purged_at is not None and "council's system has the case" in stored.purge_reason
        # The case carries what the resident said, and our reference for de-duplication.
        assert case["service_code"] == q.payload["service_code"]
        assert case["address_string"] == q.payload["address_string"]
        assert (case["first_name"], case["last_name"], case["phone"]) == (
            q.payload["first_name"],
            q.payload["last_name"],
            q.payload["phone"],
        )
        assert case["kiosk_reference"] == q.reference
        expected = {
            code: value if isinstance(value, list) else str(value) for code, value in q.payload["attributes"].items()
        }
        assert case["attributes"] == {**expected, "kiosk_reference": q.reference}
    assert attempts_by_reference(server, queued) == {q.reference: 1 for q in queued}

    again = worker_for(outbox, server, fmt).run_pass(retry_now=True)
    assert again.sent == 0 and len(server.cases()) == 3
    assert attempts_by_reference(server, queued) == {q.reference: 1 for q in queued}


# ---------------------------------------------------------------------------------------------
# Tokens


@pytest.mark.parametrize("how", ["retry_now", "clock"])
def test_token_only_server_gets_the_id_later_without_posting_again(
    tmp_path: Path, server: ReferenceServer, outbox: Outbox, clock: MovableClock, how: str
) -> None:
    server.faults.update(token_only=True, token_delay_seconds=1.0)
    queued = enqueue_many(outbox, 3)

    first = worker_for(outbox, server).run_pass()

    assert first.awaiting_id == 3 and first.sent == 0
    tokens = {}
    for q in queued:
        stored, case = item(outbox, q.reference), case_for(server, q)
        assert stored.state is ItemState.AWAITING_ID
        assert stored.token and stored.token == case["token"]
        assert stored.remote_id is None
        tokens[q.reference] = stored.token
    # Asking too early changes nothing: the server has no case number yet.
    early = worker_for(outbox, server).run_pass(retry_now=True)
    assert early.sent == 0 and early.counts[ItemState.AWAITING_ID.value] == 3

    time.sleep(1.05)
    # A new process: a fresh outbox object, worker and client, with only what the outbox stored.
    with open_outbox(tmp_path / "data", clock) as reopened:
        if how == "clock":
            clock.advance(5)
        later = worker_for(reopened, server).run_pass(retry_now=how == "retry_now")

        assert later.tokens_resolved == 3 and later.sent == 3
        for q in queued:
            stored = item(reopened, q.reference)
            assert stored.state is ItemState.SENT
            assert stored.remote_id == case_for(server, q)["service_request_id"]
            assert stored.token == tokens[q.reference]
            assert reopened.personal_data(q.reference) is None
    assert attempts_by_reference(server, queued) == {q.reference: 1 for q in queued}
    assert len(server.cases()) == 3


def test_a_pass_asks_about_each_token_at_most_once_however_short_the_poll_delay(
    server: ReferenceServer, outbox: Outbox
) -> None:
    """A token the server takes long to resolve must not keep one pass busy asking about it again and
    again (the pass would last until the server resolves it, holding up every other item)."""
    server.faults.update(token_only=True, token_delay_seconds=3)
    queued = enqueue_many(outbox, 3)
    worker = worker_for(outbox, server, token_poll_base_seconds=0.005, token_poll_cap_seconds=0.01)

    started = time.monotonic()
    first = worker.run_pass(retry_now=True)
    second = worker.run_pass(retry_now=True)

    assert time.monotonic() - started < 2
    assert first.awaiting_id == 3 and first.tokens_resolved == second.tokens_resolved == 0
    assert all(item(outbox, q.reference).state is ItemState.AWAITING_ID for q in queued)
    assert attempts_by_reference(server, queued) == {q.reference: 1 for q in queued}


# ---------------------------------------------------------------------------------------------
# Lost answers, server errors, answers that are not cases


def test_answer_lost_after_the_server_committed_is_resent_with_the_same_key_and_replayed(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock
) -> None:
    server.faults.drop_after_commit_rate = 1
    queued = enqueue_many(outbox, 2)

    first = worker_for(outbox, server).run_pass()

    assert first.sent == 0 and first.retrying == 2
    assert len(server.cases()) == 2  # the server made the cases; we never heard
    for q in queued:
        stored = item(outbox, q.reference)
        assert stored.state is ItemState.QUEUED and stored.remote_id is None
        assert stored.last_error and "could not reach the case API" in stored.last_error
        assert outbox.personal_data(q.reference) is not None

    server.faults.drop_after_commit_rate = 0
    clock.advance(5)
    second = worker_for(outbox, server).run_pass()

    assert second.sent == 2
    assert_all_sent_exactly_once(outbox, server, queued)
    assert attempts_by_reference(server, queued) == {q.reference: 2 for q in queued}
    for q in queued:
        assert item(outbox, q.reference).last_error is None


@pytest.mark.parametrize("status", [503, 429])
def test_retry_after_holds_back_the_item_and_the_whole_queue(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock, status: int
) -> None:
    server.faults.update(error_rate=1, error_status=status, retry_after=120)
    queued = enqueue_many(outbox, 3)
    before = clock()

    first = worker_for(outbox, server).run_pass()

    assert first.stopped_early and "asked us to wait" in first.stopped_early
    assert first.held_back_until is not None and first.held_back_until >= before + timedelta(seconds=120)
    not_before = outbox.meta(META_NOT_BEFORE)
    assert not_before is not None and first.held_back_until.isoformat(timespec="microseconds") == not_before
    assert attempts_by_reference(server, queued) == {queued[0].reference: 1, queued[1].reference: 0,
                                                     queued[2].reference: 0}  # fmt: skip
    tried = item(outbox, queued[0].reference)
    assert tried.state is ItemState.QUEUED and tried.attempts == 1
    assert tried.next_attempt_at is not None and tried.next_attempt_at >= before + timedelta(seconds=120)
    assert tried.last_error and str(status) in tried.last_error
    for q in queued[1:]:  # given back untried: as if never claimed
        stored = item(outbox, q.reference)
        assert (stored.state, stored.attempts, stored.last_error) == (ItemState.QUEUED, 0, None)

    server.faults.reset()
    clock.advance(60)
    held = worker_for(outbox, server).run_pass()
    assert held.sent == 0 and held.held_back_until is not None
    assert sum(server.post_attempts().values()) == 1

    clock.advance(61)
    later = worker_for(outbox, server).run_pass()

    assert later.sent == 3
    assert outbox.meta(META_NOT_BEFORE) is None
    assert_all_sent_exactly_once(outbox, server, queued)


def test_an_outage_costs_max_consecutive_failures_requests_per_pass_whatever_the_batch_size(
    server: ReferenceServer, outbox: Outbox
) -> None:
    server.faults.update(error_rate=1, error_status=503)
    queued = enqueue_many(outbox, 7)

    summary = worker_for(outbox, server, batch_size=2, max_consecutive_failures=3).run_pass()

    assert summary.stopped_early is not None and summary.stopped_early.startswith("3 failures in a row")
    assert sum(server.post_attempts().values()) == 3
    assert sorted(item(outbox, q.reference).attempts for q in queued) == [0, 0, 0, 0, 1, 1, 1]
    assert all(item(outbox, q.reference).state is ItemState.QUEUED for q in queued)


@pytest.mark.parametrize(("status", "body"), [(502, "html"), (500, "text"), (503, "json")])
def test_server_errors_of_any_body_are_transient_with_a_readable_reason(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock, status: int, body: str
) -> None:
    server.faults.update(error_rate=1, error_status=status, error_body=body)
    queued = enqueue_many(outbox, 1)
    before = clock()

    first = worker_for(outbox, server).run_pass()

    assert first.retrying == 1 and first.sent == 0
    stored = item(outbox, queued[0].reference)
    assert stored.state is ItemState.QUEUED and stored.attempts == 1
    assert stored.next_attempt_at is not None and stored.next_attempt_at > before
    assert stored.last_error is not None and stored.last_error.startswith(f"the case API answered {status}")
    assert "<" not in stored.last_error and "\n" not in stored.last_error
    assert outbox.personal_data(queued[0].reference) is not None

    server.faults.reset()
    clock.advance(5)
    assert worker_for(outbox, server).run_pass().sent == 1
    assert_all_sent_exactly_once(outbox, server, queued)


@pytest.mark.parametrize(
    ("fault", "words"),
    [("ok_error_list_rate", "with errors: The case system is unavailable"), ("malformed_rate", "a web page")],
)
def test_http_200_without_a_case_is_never_counted_as_sent(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock, fault: str, words: str
) -> None:
    server.faults.update(**{fault: 1})
    queued = enqueue_many(outbox, 2)

    first = worker_for(outbox, server).run_pass()

    assert first.sent == 0 and first.awaiting_id == 0 and first.retrying == 2
    assert server.cases() == []
    for q in queued:
        stored = item(outbox, q.reference)
        assert stored.state is ItemState.QUEUED and stored.remote_id is None and stored.token is None
        assert stored.last_error and "answered 200" in stored.last_error and words in stored.last_error
        assert outbox.personal_data(q.reference) is not None

    server.faults.reset()
    clock.advance(5)
    assert worker_for(outbox, server).run_pass().sent == 2
    assert_all_sent_exactly_once(outbox, server, queued)


# ---------------------------------------------------------------------------------------------
# Rejections and configuration failures


def test_validation_errors_reject_the_item_for_good_keeping_the_servers_words_and_the_data(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock
) -> None:
    no_location = enqueue_many(outbox, 1, payload=case_payload(1, address_string=None))[0]
    unknown = enqueue_many(outbox, 1, payload=case_payload(2, service_code="NO_SUCH_SERVICE"))[0]
    pothole = case_payload(3, service_code="POTHOLE")
    pothole["attributes"] = {"size": "enormous"}
    bad_answer = enqueue_many(outbox, 1, payload=pothole, form_id="pothole")[0]
    good = enqueue_many(outbox, 1)[0]
    rejected = {
        no_location.reference: "location required: send lat and long, address_string or address_id",
        unknown.reference: "service_code 'NO_SUCH_SERVICE' is not a service of this server",
        bad_answer.reference: "attribute[size]: 'enormous' is not one of small, medium, large",
    }

    first = worker_for(outbox, server).run_pass()

    assert (first.sent, first.rejected, first.retrying) == (1, 3, 0)
    for q in (no_location, unknown, bad_answer):
        stored = item(outbox, q.reference)
        assert stored.state is ItemState.REJECTED
        assert stored.last_error is not None and stored.last_error.startswith("400: ")
        assert rejected[q.reference] in stored.last_error
        assert (stored.remote_id, stored.token, stored.purged_at, stored.purge_reason) == (None, None, None, None)
        assert outbox.personal_data(q.reference) == {"answers": answers_for(q.payload), "payload": q.payload}
    assert "attribute[road_name] is required" in item(outbox, bad_answer.reference).last_error
    assert item(outbox, good.reference).state is ItemState.SENT
    attempts = attempts_by_reference(server, [no_location, unknown, bad_answer, good])

    for _ in range(2):
        clock.advance(3600)
        later = worker_for(outbox, server).run_pass(retry_now=True)
        assert later.sent == 0 and later.rejected == 0
    assert attempts_by_reference(server, [no_location, unknown, bad_answer, good]) == attempts
    assert {s.reference: s.state for s in outbox.items()} == {
        no_location.reference: ItemState.REJECTED,
        unknown.reference: ItemState.REJECTED,
        bad_answer.reference: ItemState.REJECTED,
        good.reference: ItemState.SENT,
    }
    assert outbox.personal_data(no_location.reference) is not None
    assert len(server.cases()) == 1


@pytest.mark.parametrize("resume", ["retry_now", "probe_after_pause_probe_seconds"])
def test_refused_key_pauses_the_queue_and_touches_no_item(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock, resume: str
) -> None:
    server.faults.force_status = 403
    queued = enqueue_many(outbox, 3)

    first = worker_for(outbox, server).run_pass()

    assert first.paused_reason is not None
    assert first.paused_reason.startswith("the case API refused the API key (403)")
    assert "force_status=403" in first.paused_reason  # the server's own words
    assert outbox.meta(META_PAUSED_REASON) == first.paused_reason
    assert first.sent == first.retrying == first.rejected == 0
    assert "Sending is paused: the case API refused the API key (403)" in first.describe()

    def untouched() -> None:
        for q in queued:
            stored = item(outbox, q.reference)
            assert (stored.state, stored.attempts, stored.last_error, stored.next_attempt_at) == (
                ItemState.QUEUED,
                0,
                None,
                None,
            )
            assert outbox.personal_data(q.reference) == {"answers": answers_for(q.payload), "payload": q.payload}

    untouched()
    assert sum(server.post_attempts().values()) == 1  # one POST found the problem; the rest were not tried

    still = worker_for(outbox, server).run_pass()
    assert still.paused_reason == first.paused_reason and still.sent == 0
    assert sum(server.post_attempts().values()) == 1
    untouched()

    server.faults.reset()
    if resume == "retry_now":
        resumed = worker_for(outbox, server).run_pass(retry_now=True)
    else:
        clock.advance(30)
        assert worker_for(outbox, server).run_pass().paused_reason == first.paused_reason
        assert sum(server.post_attempts().values()) == 1
        clock.advance(31)  # past pause_probe_seconds (60)
        resumed = worker_for(outbox, server).run_pass()

    assert resumed.paused_reason is None and resumed.sent == 3
    assert outbox.meta(META_PAUSED_REASON) is None
    assert_all_sent_exactly_once(outbox, server, queued)
    assert attempts_by_reference(server, queued) == {queued[0].reference: 2, queued[1].reference: 1,
                                                     queued[2].reference: 1}  # fmt: skip


def test_a_wrong_api_key_pauses_the_queue_with_the_servers_words(server: ReferenceServer, outbox: Outbox) -> None:
    queued = enqueue_many(outbox, 2)
    worker = SyncWorker(outbox, client_for(server, api_key="not-the-key"), fast_policy())

    summary = worker.run_pass()

    assert summary.paused_reason == "the case API refused the API key (403): api_key is not valid"
    assert server.cases() == []
    assert all(item(outbox, q.reference).attempts == 0 for q in queued)


# ---------------------------------------------------------------------------------------------
# Timeouts


def test_timeouts_are_transient_and_the_late_cases_are_not_duplicated(
    server: ReferenceServer, outbox: Outbox, clock: MovableClock
) -> None:
    server.faults.latency_seconds = 0.5
    queued = enqueue_many(outbox, 2)
    worker = SyncWorker(outbox, client_for(server, read_timeout=0.2), fast_policy())

    started = time.monotonic()
    first = worker.run_pass()

    assert time.monotonic() - started < 2
    assert first.retrying == 2 and first.sent == 0
    for q in queued:
        stored = item(outbox, q.reference)
        assert stored.state is ItemState.QUEUED
        assert stored.last_error == "the case API did not answer within 0.2 s"
    # The server carried on after we gave up: it made both cases, and nobody heard.
    wait_for(lambda: len(server.cases()) == 2, what="the server to finish the timed-out requests")

    server.faults.latency_seconds = 0
    clock.advance(5)
    second = worker.run_pass()

    assert second.sent == 2
    assert_all_sent_exactly_once(outbox, server, queued)
    assert attempts_by_reference(server, queued) == {q.reference: 2 for q in queued}
