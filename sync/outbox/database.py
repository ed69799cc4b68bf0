"""Opening the outbox's SQLite file: durable pragmas, explicit transactions, migrations.

Promises of ``open_engine``:
- every connection runs with ``journal_mode=WAL``, ``synchronous=FULL`` (a commit survives a
  power cut), ``foreign_keys=ON`` and ``busy_timeout=5000``;
- transactions are started by us with ``BEGIN`` (or ``BEGIN IMMEDIATE`` for connections carrying
  ``WRITE_OPTIONS``), so a write transaction takes the write lock up front and never fails half
  way because another process wrote first;
- the schema is at the newest Alembic revision before the engine is returned. Migrations run
  from the ``sync/migrations`` folder next to this package, so no alembic.ini is needed and an
  installed (non-editable) package works; Alembic never touches the logging configuration.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from sync.outbox.errors import OutboxError, storage_error

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

PRAGMAS = (
    "PRAGMA busy_timeout=5000",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)

_BEGIN_OPTION = "sqlite_begin"
WRITE_OPTIONS: dict[str, Any] = {_BEGIN_OPTION: "IMMEDIATE"}
"""Execution options for a connection or session that will write: ``BEGIN IMMEDIATE``."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Stop the sqlite3 module from opening transactions itself; _on_begin does it explicitly.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            row = cursor.execute(pragma).fetchone()
            if pragma.startswith("PRAGMA journal_mode") and (row is None or row[0] != "wal"):
                logger.warning("outbox database did not switch to WAL journal mode: %s", row)
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def create_sqlite_engine(url: str | URL) -> Engine:
    """Return an engine for an SQLite URL with the outbox's pragmas and transaction handling.

    Does not create folders or run migrations (``open_engine`` does). Statement parameters are
    hidden from error messages, because they can hold personal data.
    """
    engine = create_engine(url, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def alembic_config() -> Config:
    """An Alembic configuration for the outbox migrations, with no ini file and no logging."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def run_migrations(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` in one ``BEGIN IMMEDIATE`` transaction.

    Foreign keys are switched off for the migration (SQLite's documented procedure for table
    rebuilds, which batch migrations do) and checked before the transaction commits.
    """
    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection = connection.execution_options(**WRITE_OPTIONS)
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise OutboxError("a migration left rows breaking foreign keys; rolled back")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def open_engine(path: Path) -> Engine:
    """Return an engine for the SQLite file ``path``, created and migrated to the newest schema.

    Creates the parent folder. Raises ``OutboxError`` with a specific message when the folder
    cannot be created or written, the file is not an SQLite database, the disk is full, or the
    database was written by a newer version of this software.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, path, "creating the outbox folder") from exc
    engine = create_sqlite_engine(URL.create("sqlite", database=str(path)))
    try:
        run_migrations(engine)
    except CommandError as exc:
        engine.dispose()
        raise OutboxError(
            f"the outbox database {path} has a schema this version does not know (written by a newer version?): {exc}"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise storage_error(exc, path, "opening the outbox database") from exc
    except BaseException:
        engine.dispose()
        raise
    return engine
