"""The Open311 GeoReport v2 case API client (Qt-free, plain parameters, never raises on the network).

Every answer is classified into the outcomes of ``sync.case_api.base``. A POST counts as sent only
when the body parses and yields a non-empty ``service_request_id`` or ``token``; anything else is
``Transient`` (try again), ``Rejected`` (the server refused this case: its words are kept) or
``Misconfigured`` (the kiosk's address, key or certificates are wrong: pause everything).
Nothing is retried here: the sync worker owns retries and back-off. Logs name only the reference,
the status code and the outcome kind, never the body or any answer.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import requests

from sync.case_api.base import (
    Accepted,
    CaseSubmission,
    CatalogueError,
    Misconfigured,
    NotFound,
    Pending,
    Rejected,
    ServiceSummary,
    StatusOutcome,
    SubmitOutcome,
    TokenOutcome,
    Transient,
)
from sync.case_api.http import EnvironmentSettings, make_session, normalise_base_url, parse_retry_after
from sync.case_api.open311_encode import build_form_pairs, encode_form
from sync.case_api.open311_parse import (
    Answer,
    case_status_from,
    first_field,
    normalise_definition,
    parse_answer,
    service_summary,
)

log = logging.getLogger(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
_TRANSIENT_STATUSES = frozenset({408, 409, 425, 429})


class _Failure:
    """A call that produced no HTTP answer: already classified as transient or misconfigured."""

    __slots__ = ("outcome",)

    def __init__(self, outcome: Transient | Misconfigured) -> None:
        self.outcome = outcome


class Open311Client:
    """One council's Open311 GeoReport v2 endpoint. See ``sync.case_api.base.CaseApiClient``."""

    kind = "open311"

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        format: str = "json",  # the Open311 name of the setting
        jurisdiction_id: str = "",
        reference_attribute: str = "kiosk_reference",
        default_location: Mapping[str, Any] | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        ca_bundle: Path | str | None = None,
        session: requests.Session | None = None,
        user_agent: str = "council-kiosk",
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        fmt = (format or "").strip().lower()
        if fmt not in ("json", "xml"):
            raise ValueError(f"the case API format must be json or xml, not {format!r}")
        if connect_timeout <= 0 or read_timeout <= 0:
            raise ValueError("the case API timeouts must be positive")
        self.format = fmt
        self.api_key = api_key or ""
        self.jurisdiction_id = (jurisdiction_id or "").strip()
        self.reference_attribute = reference_attribute
        self.default_location = dict(default_location) if default_location else None
        self.ca_bundle = Path(ca_bundle) if ca_bundle else None
        self._owns_session = session is None
        self._session = session if session is not None else make_session(user_agent=user_agent)
        self._timeout = (float(connect_timeout), float(read_timeout))
        self._read_timeout = float(read_timeout)
        self._connect_timeout = float(connect_timeout)
        # Passed on every call: a session-level ``verify`` loses to REQUESTS_CA_BUNDLE in requests.
        self._verify: str | None = str(self.ca_bundle) if self.ca_bundle else None
        self._environment = EnvironmentSettings(self.base_url)
        self._params = {"jurisdiction_id": self.jurisdiction_id} if self.jurisdiction_id else None
        self._user_agent = {"User-Agent": user_agent}
        self._post_headers = {"Content-Type": FORM_CONTENT_TYPE, "User-Agent": user_agent}
        self.requests_url = f"{self.base_url}requests.{fmt}"
        self.services_url = f"{self.base_url}services.{fmt}"

    # -----------------------------------------------------------------------------------------
    # Plumbing

    def _url(self, collection: str, ident: str) -> str:
        return f"{self.base_url}{collection}/{quote(ident, safe='')}.{self.format}"

    def _send(
        self, method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> requests.Response | _Failure:
        proxies, env_verify = self._environment.current()
        try:
            return self._session.request(
                method,
                url,
                data=data,
                params=None if data is not None else self._params,
                headers=headers or self._user_agent,
                timeout=self._timeout,
                verify=self._verify or env_verify,
                proxies=proxies,
                allow_redirects=data is None,
            )
        except requests.exceptions.SSLError as exc:
            if not _is_certificate_problem(exc):  # a TLS connection reset half-way is just the network
                return _Failure(Transient("the secure connection to the case API failed"))
            return _Failure(
                Misconfigured(
                    "the case API's certificate is not trusted (TLS verification failed); "
                    "check case_api.ca_bundle and the base URL"
                )
            )
        except requests.exceptions.ProxyError:
            return _Failure(Transient("could not reach the case API through the proxy (HTTPS_PROXY/HTTP_PROXY)"))
        except requests.exceptions.ConnectTimeout:
            return _Failure(Transient(f"could not connect to the case API within {self._connect_timeout:g} s"))
        except requests.exceptions.Timeout:
            return _Failure(Transient(f"the case API did not answer within {self._read_timeout:g} s"))
        except requests.exceptions.ConnectionError as exc:
            return _Failure(Transient(f"could not reach the case API ({_connection_problem(exc)})"))
        except requests.exceptions.InvalidURL:
            return _Failure(Misconfigured(f"the case API address {_shown(url)} is not valid; check case_api.base_url"))
        except requests.exceptions.RequestException as exc:
            return _Failure(Transient(f"the case API answer was broken ({type(exc).__name__})"))
        except OSError as exc:
            if self.ca_bundle is not None and not self.ca_bundle.is_file():
                return _Failure(Misconfigured(f"case_api.ca_bundle {self.ca_bundle} cannot be read"))
            if "CA certificate bundle" in str(exc):  # requests: REQUESTS_CA_BUNDLE names a missing file
                return _Failure(
                    Misconfigured("the CA bundle in REQUESTS_CA_BUNDLE cannot be read; check case_api.ca_bundle")
                )
            return _Failure(Transient("could not reach the case API (operating system error)"))

    @staticmethod
    def _answer(response: requests.Response) -> Answer:
        return parse_answer(response.content, _declared_charset(response))

    @staticmethod
    def _retry_after(response: requests.Response) -> float | None:
        return parse_retry_after(response.headers.get("Retry-After"))

    def _refused(self, status: int, answer: Answer) -> Misconfigured:
        words = answer.server_words()
        return Misconfigured(f"the case API refused the API key ({status})" + (f": {words}" if words else ""))

    def _unknown_endpoint(self, status: int, url: str, answer: Answer) -> Misconfigured:
        what = "has no such endpoint" if status == 404 else "does not allow this method at"
        words = answer.server_words()
        return Misconfigured(
            f"the case API {what} {_shown(url)} ({status}"
            + (f": {words}" if words else "")
            + "); check case_api.base_url"
        )

    def _redirected(self, response: requests.Response, url: str) -> Misconfigured:
        target = response.headers.get("Location", "another address")
        return Misconfigured(
            f"the case API moved {_shown(url)} to {_shown(target)} ({response.status_code}); check case_api.base_url"
        )

    # -----------------------------------------------------------------------------------------
    # CaseApiClient

    def submit(self, submission: CaseSubmission) -> SubmitOutcome:
        """POST one case; see the module docstring for how the answer is classified."""
        if not self.api_key.strip():
            outcome: SubmitOutcome = Misconfigured("no API key is set for the case API")
            self._log(submission.reference, None, outcome)
            return outcome
        body = encode_form(
            build_form_pairs(
                submission.payload,
                api_key=self.api_key,
                jurisdiction_id=self.jurisdiction_id,
                reference_attribute=self.reference_attribute,
                reference=submission.reference,
                default_location=self.default_location,
            )
        )
        headers = {**self._post_headers, "Idempotency-Key": submission.client_uuid}
        response = self._send("POST", self.requests_url, data=body, headers=headers)
        if isinstance(response, _Failure):
            outcome = response.outcome
            self._log(submission.reference, None, outcome)
            return outcome
        outcome = self._classify_submit(response)
        self._log(submission.reference, response.status_code, outcome)
        return outcome

    def _classify_submit(self, response: requests.Response) -> SubmitOutcome:
        status = response.status_code
        answer = self._answer(response)
        if 200 <= status < 300:
            if answer.kind == "records":
                remote_id = first_field(answer.records, "service_request_id")
                token = None if remote_id else first_field(answer.records, "token")
                if remote_id or token:
                    notice = first_field(answer.records, "service_notice")
                    return Accepted(remote_id=remote_id, token=token, service_notice=notice)
                return Transient(f"the case API answered {status} without a case id or token")
            if answer.kind == "errors":
                words = answer.server_words()
                return Transient(f"the case API answered {status} with errors" + (f": {words}" if words else ""))
            return Transient(f"the case API answered {status} with {_describe(answer)}", self._retry_after(response))
        return self._classify_failure(response, answer, self.requests_url)

    def _classify_failure(
        self, response: requests.Response, answer: Answer, url: str
    ) -> Transient | Rejected | Misconfigured:
        status = response.status_code
        if status in (401, 403):
            return self._refused(status, answer)
        if status in (404, 405):
            return self._unknown_endpoint(status, url, answer)
        if status >= 500 or status in _TRANSIENT_STATUSES:
            words = answer.server_words() if answer.kind == "errors" else ""
            return Transient(
                f"the case API answered {status}" + (f": {words}" if words else ""), self._retry_after(response)
            )
        if 300 <= status < 400:
            return self._redirected(response, url)
        if status >= 400:
            words = answer.server_words() or "the case API gave no reason"
            return Rejected(f"{status}: {words}")
        return Transient(f"the case API answered {status}", self._retry_after(response))

    def resolve_token(self, token: str) -> TokenOutcome:
        """``GET tokens/{token}``: the case id once the server has made the case, else ``Pending``."""
        url = self._url("tokens", token)
        response = self._send("GET", url)
        if isinstance(response, _Failure):
            return response.outcome
        status = response.status_code
        if status == 404:
            return Pending()
        answer = self._answer(response)
        if 200 <= status < 300:
            if answer.kind == "records":
                remote_id = first_field(answer.records, "service_request_id")
                if remote_id:
                    return Accepted(remote_id=remote_id, service_notice=first_field(answer.records, "service_notice"))
                return Pending()
            if answer.kind == "errors":
                words = answer.server_words()
                return Transient(f"the case API answered {status} with errors" + (f": {words}" if words else ""))
            return Transient(f"the case API answered {status} with {_describe(answer)}", self._retry_after(response))
        return self._classify_failure(response, answer, url)

    def case_status(self, remote_id: str) -> StatusOutcome:
        """``GET requests/{id}``: the council's status of one case."""
        url = self._url("requests", remote_id)
        response = self._send("GET", url)
        if isinstance(response, _Failure):
            return response.outcome
        status = response.status_code
        if status == 404:
            return NotFound(f"the case API does not know case {remote_id}")
        answer = self._answer(response)
        if 200 <= status < 300:
            if answer.kind == "records":
                return case_status_from(answer.records, remote_id)
            if answer.kind == "errors":
                words = answer.server_words()
                return Transient(f"the case API answered {status} with errors" + (f": {words}" if words else ""))
            return Transient(f"the case API answered {status} with {_describe(answer)}", self._retry_after(response))
        outcome = self._classify_failure(response, answer, url)
        if isinstance(outcome, Rejected):
            return NotFound(f"the case API does not know case {remote_id} ({outcome.reason})")
        return outcome

    def services(self) -> list[ServiceSummary]:
        """``GET services``; raises ``CatalogueError``."""
        records = self._catalogue(self.services_url, "the service list")
        services = [service_summary(record) for record in records if isinstance(record, dict)]
        return [service for service in services if service is not None]

    def service_definition(self, service_code: str) -> dict[str, Any]:
        """``GET services/{code}``, normalised; raises ``CatalogueError``."""
        url = self._url("services", service_code)
        records = self._catalogue(url, f"the definition of service {service_code!r}")
        definition = normalise_definition(records, service_code)
        if definition is None:
            raise CatalogueError(f"could not read {_shown(url)}: the answer holds no service definition")
        return definition

    def _catalogue(self, url: str, what: str) -> list[Any]:
        response = self._send("GET", url)
        if isinstance(response, _Failure):
            raise CatalogueError(f"could not read {what} from {_shown(url)}: {response.outcome.reason}")
        status = response.status_code
        answer = self._answer(response)
        words = answer.server_words()
        if not 200 <= status < 300:
            raise CatalogueError(
                f"could not read {what} from {_shown(url)}: the case API answered {status}"
                + (f": {words}" if words else "")
            )
        if answer.kind == "errors":
            raise CatalogueError(
                f"could not read {what} from {_shown(url)}: the case API answered with errors"
                + (f": {words}" if words else "")
            )
        if answer.kind != "records":
            raise CatalogueError(f"could not read {what} from {_shown(url)}: the answer is {_describe(answer)}")
        return answer.records

    def close(self) -> None:
        """Release pooled connections (a session passed in by the caller is left to the caller)."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> Open311Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @staticmethod
    def _log(reference: str, status: int | None, outcome: object) -> None:
        if log.isEnabledFor(logging.INFO):
            log.info("case %s: status %s, %s", reference, status if status is not None else "-", type(outcome).__name__)


# ---------------------------------------------------------------------------------------------
# Helpers


def _declared_charset(response: requests.Response) -> str | None:
    content_type = response.headers.get("Content-Type", "")
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _describe(answer: Answer) -> str:
    return {
        "empty": "an empty body",
        "html": "a web page instead of a case",
        "text": "plain text instead of a case",
        "unparseable": "a body that could not be read",
    }.get(answer.kind, "an unexpected body")


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (causes, contexts, urllib3 ``reason``s, args)."""
    found: list[BaseException] = []
    stack: list[object] = [exc]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or any(current is seen for seen in found):
            continue
        found.append(current)
        stack += [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
    return found


def _is_certificate_problem(exc: BaseException) -> bool:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError | ssl.CertificateError):
            return True
        text = str(cause).lower()
        if "certificate verify failed" in text or "hostname mismatch" in text or "doesn't match" in text:
            return True
    return False


def _connection_problem(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        name = type(cause).__name__
        if name == "NameResolutionError" or "name resolution" in str(cause).lower():
            return "host name not found"
        if name in ("RemoteDisconnected", "ConnectionResetError", "IncompleteRead", "BrokenPipeError"):
            return "connection dropped"
    return "network error"


def _shown(url: str) -> str:
    """``url`` for a staff-facing message: any ``user:password@`` removed."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
