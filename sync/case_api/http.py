"""HTTP plumbing for case API clients: base URL checks, one pooled session, ``Retry-After``.

A client owns one ``requests.Session``: connections are pooled and reused, proxies come from the
standard environment variables (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) and
a CA bundle from ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``, as requests does with ``trust_env``,
and nothing is retried inside the session, because the sync worker owns retries and back-off.

``EnvironmentSettings`` resolves those variables once per change instead of on every request
(requests scans the whole environment twice per call, which costs more than a loopback POST's
own work); ``trust_env`` is off so the session never reads ``.netrc`` credentials either.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from sync.addresses import is_loopback  # noqa: F401 - part of this module's interface

# Never retry inside the session: a retried POST can create a second case. ``read=False`` re-raises
# read errors as they are, so a read timeout stays a ``ReadTimeout`` for GETs too.
NO_RETRIES = Retry(total=0, read=False)


def normalise_base_url(base_url: str) -> str:
    """The base URL ending in ``/``; ``ValueError`` unless https, or plain http on loopback."""
    if not isinstance(base_url, str) or not base_url.strip():
        raise ValueError("the case API base URL is empty")
    base_url = base_url.strip()
    parts = urlsplit(base_url)
    if parts.query or parts.fragment:
        raise ValueError("the case API base URL must not have a query (?) or fragment (#)")
    if not parts.hostname:
        raise ValueError(f"the case API base URL {base_url!r} has no host name")
    if parts.scheme == "http":
        if not is_loopback(parts.hostname):
            raise ValueError(f"the case API base URL {base_url!r} must use https:// (plain http:// only on loopback)")
    elif parts.scheme != "https":
        raise ValueError(f"the case API base URL {base_url!r} must start with https://")
    return base_url if base_url.endswith("/") else base_url + "/"


_ENV_NAMES = tuple(
    name for base in ("http_proxy", "https_proxy", "all_proxy", "no_proxy") for name in (base, base.upper())
) + ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


class EnvironmentSettings:
    """Proxies and default CA bundle for one URL from the environment, re-read only when the
    relevant variables change (a kiosk's environment is fixed; tests change it on the fly)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._key: tuple[str | None, ...] | None = None
        self._proxies: dict[str, str] = {}
        self._verify: str | bool = True

    def current(self) -> tuple[dict[str, str], str | bool]:
        """``(proxies, verify)`` as requests' ``trust_env`` would work them out for the URL."""
        import os

        key = tuple(os.environ.get(name) for name in _ENV_NAMES)
        if key != self._key:
            self._proxies = requests.utils.get_environ_proxies(self._url)
            self._verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            self._key = key
        return self._proxies, self._verify


def make_session(*, user_agent: str, pool_maxsize: int = 4) -> requests.Session:
    """A session with pooled keep-alive connections and no retries; the caller passes proxies
    and ``verify`` per request from ``EnvironmentSettings``."""
    session = requests.Session()
    session.trust_env = False
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_maxsize, max_retries=NO_RETRIES)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = user_agent
    return session


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP-date), or None.

    A date in the past gives 0. Nothing is capped here: the worker applies its own cap.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
