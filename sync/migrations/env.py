"""Alembic environment for the outbox database.

Normally run by ``sync.outbox.database.run_migrations``, which passes an open connection (already
inside a ``BEGIN IMMEDIATE`` transaction) in ``config.attributes["connection"]``. With no
connection it opens ``sqlalchemy.url`` with the outbox's engine settings (tests and the alembic
command line). It never configures logging.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from sync.outbox.database import WRITE_OPTIONS, create_sqlite_engine
from sync.outbox.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection given and no sqlalchemy.url configured")
    engine = create_sqlite_engine(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(**WRITE_OPTIONS)
            with connection.begin():
                _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
