"""Keyring backends for tests only: in memory (one process) and file-backed (across processes).

``FileKeyring`` is for tests that kill and restart processes: select it in a child with
``PYTHON_KEYRING_BACKEND=keyring_backends.FileKeyring`` and ``TEST_KEYRING_FILE=/path``, with
this folder on ``PYTHONPATH``. Neither is ever used by the product.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV = "TEST_KEYRING_FILE"


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, gone when the test ends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class FileKeyring(KeyringBackend):
    """Secrets in the JSON file named by ``TEST_KEYRING_FILE``, shared by every process."""

    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ[FILE_ENV])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}/{username}"] = password
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(secrets), encoding="utf-8")
        os.replace(temporary, self.path)

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        if secrets.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self.path.write_text(json.dumps(secrets), encoding="utf-8")


class BrokenKeyring(KeyringBackend):
    """A keyring that is there but refuses every call, like a locked Secret Service."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import KeyringLocked

        raise KeyringLocked("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import KeyringLocked

        raise KeyringLocked("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError(username)


def file_keyring_env(path: Path) -> dict[str, str]:
    """Environment for a child process that should use ``FileKeyring`` on ``path``."""
    return {"PYTHON_KEYRING_BACKEND": "keyring_backends.FileKeyring", FILE_ENV: str(path)}


@contextmanager
def file_keyring(path: Path) -> Iterator[FileKeyring]:
    """Use ``FileKeyring`` on ``path`` in this process for the ``with`` block."""
    import keyring

    previous_backend, previous_env = keyring.get_keyring(), os.environ.get(FILE_ENV)
    os.environ[FILE_ENV] = str(path)
    backend = FileKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous_backend)
        if previous_env is None:
            os.environ.pop(FILE_ENV, None)
        else:
            os.environ[FILE_ENV] = previous_env
