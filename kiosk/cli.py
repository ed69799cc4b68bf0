"""The ``council-kiosk`` command line.

Exit codes: 0 ok; 1 invalid data (bad answers, unknown form, invalid definitions); 2 usage or
configuration error; 3 storage error. Messages go to stderr; ``submit`` prints only the reference.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_STORAGE = 0, 1, 2, 3


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        default=default,
        help="settings file (default: $COUNCIL_KIOSK_CONFIG, then /etc/council-kiosk/config.toml)",
    )
    parser.add_argument("--demo", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="use the bundled forms and a separate demo data folder")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="council-kiosk", description="Assisted-digital kiosk for council services.")
    _common(parser, top=True)
    parser.add_argument("--windowed", action="store_true", help="run in a window instead of full screen")
    parser.add_argument("--size", metavar="WxH", help="window size when windowed, e.g. 1080x1920")
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help="quit after this many seconds")
    parser.add_argument("--screenshot", type=Path, metavar="FILE", help="save what the kiosk shows as PNG on exit")
    parser.add_argument("--verbose", action="store_true", help="log more detail (never personal data)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check-forms", help="validate form definition files or folders")
    _common(check, top=False)
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    translations = commands.add_parser("check-translations", help="report texts missing from any language")
    _common(translations, top=False)
    translations.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="form files or folders to check")
    translations.add_argument("--update", action="store_true", help="add missing keys to the catalogues first")

    submit = commands.add_parser("submit", help="validate answers and queue a submission")
    _common(submit, top=False)
    submit.add_argument("form_id", metavar="FORM_ID")
    submit.add_argument("--answers", type=Path, required=True, metavar="FILE.json")
    submit.add_argument("--language", default="en", metavar="CODE")

    queue = commands.add_parser("queue", help="list the outbox, oldest first")
    _common(queue, top=False)
    queue.add_argument("--json", action="store_true", help="print JSON (never any answers)")

    sync = commands.add_parser("sync", help="send queued submissions to the council's case API")
    _common(sync, top=False)
    sync.add_argument("--once", action="store_true", help="run one pass, print a summary and exit")
    sync.add_argument("--retry-now", action="store_true", help="ignore back-off delays (and a paused queue)")

    imports = commands.add_parser("import-services", help="build kiosk forms from the case API's service list")
    _common(imports, top=False)

    api_key = commands.add_parser("set-api-key", help="store the case API key in the OS keyring (read from stdin)")
    _common(api_key, top=False)

    server = commands.add_parser("reference-server", help="run a local Open311 GeoReport v2 server for tests and demos")
    _common(server, top=False)
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    server.add_argument("--port", type=int, default=8311, help="port to listen on; 0 picks a free one (default 8311)")
    server.add_argument("--db", type=Path, metavar="FILE", help="SQLite file for its cases (default: in memory)")
    server.add_argument("--api-key", action="append", metavar="KEY", dest="api_keys",
                        help="an API key it accepts (repeatable; default: demo-key)")  # fmt: skip
    server.add_argument("--fault", action="append", metavar="NAME=VALUE", dest="faults", default=[],
                        help="start with a fault switched on, e.g. error_rate=0.2 or token_only=true")  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from kiosk.settings import ConfigError, load_settings

    try:
        settings = load_settings(args.config, demo=args.demo)
    except ConfigError as exc:
        print(f"council-kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check-forms":
        from kiosk.commands.check_forms import run_check_forms

        return run_check_forms(args.paths)
    if args.command == "check-translations":
        from kiosk.commands.check_translations import run_check_translations

        return run_check_translations(args.paths, update=args.update)
    if args.command == "submit":
        from kiosk.commands.submit import run_submit

        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", args.language):
            print(f"council-kiosk: --language must be a language code such as en or pl, not {args.language!r}",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
        return run_submit(settings, args.form_id, args.answers, args.language)
    if args.command == "queue":
        from kiosk.commands.queue import run_queue

        return run_queue(settings, as_json=args.json)
    if args.command == "sync":
        from kiosk.commands.sync import run_sync

        return run_sync(settings, once=args.once, retry_now=args.retry_now)
    if args.command == "import-services":
        from kiosk.commands.import_services import run_import_services

        return run_import_services(settings)
    if args.command == "set-api-key":
        from kiosk.commands.set_api_key import run_set_api_key

        return run_set_api_key(settings)
    if args.command == "reference-server":
        from kiosk.commands.reference_server import run_reference_server

        return run_reference_server(host=args.host, port=args.port, db=args.db,
                                    api_keys=args.api_keys or ["demo-key"], faults=args.faults)  # fmt: skip
    from kiosk.commands.run import run_kiosk

    return run_kiosk(settings, windowed=args.windowed, size=args.size,
                     exit_after=args.exit_after, screenshot=args.screenshot)  # fmt: skip
