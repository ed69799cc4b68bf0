"""The demo's own case API: the reference Open311 server on loopback, with a labelled demo key.

``council-kiosk --demo`` starts it inside the kiosk process, so a newcomer sees submissions
sync with no setup. A demo never talks to a configured real case API. It listens on
``DEMO_PORT`` when that is free (so ``council-kiosk --demo sync --once`` in another terminal
reaches it), otherwise on any free port. Its cases live in
the demo folder. Real kiosks never run it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.settings import Settings
from sync.key_store import DEMO_API_KEY

if TYPE_CHECKING:
    from sync.reference_server import ReferenceServer

log = logging.getLogger(__name__)
DEMO_PORT = 8311
DEMO_BASE_URL = f"http://127.0.0.1:{DEMO_PORT}/open311/v2/"


def demo_settings(settings: Settings, base_url: str | None = None) -> Settings:
    """In demo mode, point the settings at the demo server (never at a configured real one)."""
    if not settings.demo:
        return settings
    case_api = settings.case_api.model_copy(update={"base_url": base_url or DEMO_BASE_URL})
    return settings.model_copy(update={"case_api": case_api})


def start_demo_case_api(settings: Settings) -> tuple[ReferenceServer | None, Settings]:
    """Start the demo server (demo mode only) and return it with settings pointing at it."""
    if not settings.demo:
        return None, settings
    from sync.reference_server import ReferenceServer

    db_path = settings.data_dir / "demo-case-api.sqlite3"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    for port in (DEMO_PORT, 0):
        server = ReferenceServer(host="127.0.0.1", port=port, db_path=db_path, api_keys={DEMO_API_KEY})
        try:
            server.start()
        except OSError:
            continue
        log.info("demo case API (reference Open311 server) at %s", server.base_url)
        return server, demo_settings(settings, server.base_url)
    log.error("the demo case API could not start; submissions will wait in the outbox")
    return None, settings
