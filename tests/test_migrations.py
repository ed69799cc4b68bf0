"""Alembic migrations: upgrade from an old revision keeps data, one head, model == schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from helpers import TEST_KEY

from sync.outbox import ItemState, Outbox, OutboxError
from sync.outbox.database import alembic_config, open_engine
from sync.outbox.models import Base
from sync.references import generate_reference


def config_for(path: Path) -> Config:
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return config


def current_revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def test_item_written_at_0001_survives_upgrade_to_head(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    command.upgrade(config_for(path), "0001")
    assert current_revision(path) == "0001"
    reference = generate_reference("OLD")
    personal = {"answers": {"bin-type": "recycling"}, "payload": {"service_code": "MISSED_BIN"}}
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO outbox_items (client_uuid, reference, form_id, form_version, language,"
            " state, created_at, updated_at, personal_data, personal_data_codec)"
            " VALUES (?, ?, 'missed-bin', 'v1', 'en', 'queued', ?, ?, ?, 'json-v1')",
            (
                "0b8f6c2e-3f7a-4d1b-9c5e-7a2d4f6b8e0c",
                reference,
                "2024-01-02T03:04:05.000000+00:00",
                "2024-01-02T03:04:05.000000+00:00",
                json.dumps(personal).encode(),
            ),
        )
    connection.close()

    with Outbox.open(tmp_path, encryption_key=TEST_KEY, reference_prefix="new") as outbox:
        items = outbox.items()
        assert [item.reference for item in items] == [reference]
        assert items[0].state is ItemState.QUEUED
        assert items[0].attempts == 0
        assert items[0].created_at.isoformat() == "2024-01-02T03:04:05+00:00"
        assert outbox.personal_data(reference) == personal

    heads = ScriptDirectory.from_config(config_for(path)).get_heads()
    assert current_revision(path) == heads[0]


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert script.get_revision("0001") is not None
    assert script.get_revision("0001").down_revision is None


def test_model_matches_migrated_schema(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "outbox.sqlite3")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    config = config_for(path)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    connection = sqlite3.connect(path)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert "outbox_items" not in tables
    command.upgrade(config, "head")
    with Outbox.open(tmp_path, encryption_key=TEST_KEY, reference_prefix="k") as outbox:
        assert outbox.items() == []


def test_database_from_a_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    command.upgrade(config_for(path), "head")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()

    with pytest.raises(OutboxError, match="newer version"):
        Outbox.open(tmp_path, encryption_key=TEST_KEY, reference_prefix="k")
