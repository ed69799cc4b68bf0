"""Secrets the kiosk keeps in the OS keyring: the outbox encryption key and the case API key.

Promises:
- Secrets are read from and written to a ``keyring`` backend only; never to config files, logs
  or the outbox database. ``KIOSK_CASE_API_KEY`` overrides the stored API key for headless and
  test runs.
- An unusable keyring (none installed, locked, D-Bus missing) raises ``KeyStoreError`` with a
  message staff can act on; nothing falls back to plain text silently.
- ``create_outbox_key`` is the only place a key is generated; callers must first make sure no
  encrypted data exists (``sync.secure_outbox`` does), so a key is never made over old data.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "council-kiosk"
API_KEY_USER = "case-api-key"
API_KEY_ENV = "KIOSK_CASE_API_KEY"
DEMO_API_KEY = "demo-key"


class KeyStoreError(Exception):
    """The key store cannot be used, or a needed key is missing; the message is for staff."""


def _outbox_key_user(data_dir: Path) -> str:
    return f"outbox-key:{Path(data_dir).resolve()}"


class KeyStore:
    """The kiosk's secrets in a keyring backend (the OS keyring unless one is given)."""

    label = "OS keyring"

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def describe(self) -> str:
        """What holds the secrets, for staff screens and logs (no secrets)."""
        backend = self.backend
        return f"{self.label} ({type(backend).__module__}.{type(backend).__name__})"

    def _get(self, user: str) -> str | None:
        try:
            return self.backend.get_password(SERVICE, user)
        except KeyringError as exc:
            raise KeyStoreError(f"the {self.describe()} cannot be used: {exc or type(exc).__name__}") from None
        except Exception as exc:  # D-Bus and platform errors come in many types
            raise KeyStoreError(f"the {self.describe()} failed: {type(exc).__name__}") from None

    def _set(self, user: str, value: str) -> None:
        try:
            self.backend.set_password(SERVICE, user, value)
        except KeyringError as exc:
            raise KeyStoreError(f"the {self.describe()} cannot store a secret: {exc or type(exc).__name__}") from None
        except Exception as exc:
            raise KeyStoreError(f"the {self.describe()} failed to store a secret: {type(exc).__name__}") from None

    def outbox_key(self, data_dir: Path) -> bytes | None:
        """The outbox encryption key for ``data_dir``, or None if the keyring has none."""
        value = self._get(_outbox_key_user(data_dir))
        return value.encode("ascii") if value else None

    def create_outbox_key(self, data_dir: Path) -> bytes:
        """Generate, store and read back a new outbox key. Only for an outbox with no encrypted data."""
        from cryptography.fernet import Fernet

        key = Fernet.generate_key()
        self._set(_outbox_key_user(data_dir), key.decode("ascii"))
        if self.outbox_key(data_dir) != key:
            raise KeyStoreError(f"the {self.describe()} did not keep the new outbox key")
        return key

    def api_key(self) -> str | None:
        """The case API key: ``KIOSK_CASE_API_KEY`` if set, else the keyring's, else None."""
        from_env = os.environ.get(API_KEY_ENV, "").strip()
        if from_env:
            return from_env
        value = self._get(API_KEY_USER)
        return value.strip() if value and value.strip() else None

    def set_api_key(self, value: str) -> None:
        """Store the case API key in the keyring."""
        if not value.strip():
            raise ValueError("the API key is empty")
        self._set(API_KEY_USER, value.strip())


class DemoFileKeyring(KeyringBackend):
    """A labelled, NOT secret key store for the demo only: a JSON file beside the demo outbox.

    Never chosen automatically (priority below zero); only ``DemoKeyStore`` uses it.
    """

    priority = -1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = Path(path)
        self._lock = threading.Lock()

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise KeyringError(f"cannot read the demo key file {self._path}: {exc}") from None
        return data.get("secrets", {}) if isinstance(data, dict) else {}

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            secrets = self._load()
            secrets[f"{service}/{username}"] = password
            self._path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(
                json.dumps({"warning": "DEMO ONLY: these keys are not secret", "secrets": secrets}, indent=2),
                encoding="utf-8",
            )
            os.replace(temporary, self._path)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            secrets = self._load()
            if secrets.pop(f"{service}/{username}", None) is None:
                raise PasswordDeleteError("no such demo secret")
            self._path.write_text(json.dumps({"secrets": secrets}), encoding="utf-8")


class DemoKeyStore(KeyStore):
    """The demo's key store: a plainly labelled file in the demo folder, with the demo API key."""

    label = "demo key store (not secret)"
    FILENAME = "DEMO-KEYS-NOT-SECRET.json"

    def __init__(self, demo_dir: Path) -> None:
        super().__init__(DemoFileKeyring(Path(demo_dir) / self.FILENAME))

    def api_key(self) -> str | None:
        """Always the demo server's key: a demo never sends a real key anywhere."""
        return DEMO_API_KEY
