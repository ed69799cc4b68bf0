"""The kiosk's settings: one typed model read from TOML, with every mistake named by its path.

Secrets never live here: the case API key comes from the OS keyring (or an environment variable
on headless and test machines), never from this file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sync.addresses import is_loopback

APP_NAME = "council-kiosk"
SYSTEM_CONFIG = Path("/etc/council-kiosk/config.toml")
CONFIG_ENV = "COUNCIL_KIOSK_CONFIG"


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and each problem."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KioskLocation(_Section):
    """Where the kiosk stands: sent as the case location when a form asks for no address."""

    address_string: str | None = Field(default=None, max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    long: float | None = Field(default=None, ge=-180, le=180)

    def as_case_fields(self) -> dict[str, object]:
        fields: dict[str, object] = {}
        if self.lat is not None and self.long is not None:
            fields.update(lat=self.lat, long=self.long)
        if self.address_string:
            fields["address_string"] = self.address_string
        return fields


class KioskSection(_Section):
    name: str = "Council kiosk"
    council_name: str = "Your council"
    reference_prefix: str = Field(default="KSK", pattern=r"^[A-Za-z0-9]{1,6}$")
    data_dir: Path | None = None
    follow_up_url: str | None = Field(default=None, max_length=300)
    location: KioskLocation = KioskLocation()

    @field_validator("follow_up_url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        if value and (urlsplit(value).scheme not in ("https", "http") or not urlsplit(value).netloc):
            raise ValueError("must be a web address starting with https://")
        return value or None


class SessionSection(_Section):
    idle_seconds: float = Field(default=120, ge=15, le=1800)
    warning_seconds: float = Field(default=30, ge=20, le=300)


class CaseApiSection(_Section):
    kind: Literal["open311"] = "open311"
    base_url: str | None = None
    jurisdiction_id: str = ""
    format: Literal["json", "xml"] = "json"
    ca_bundle: Path | None = None
    reference_attribute: str = Field(default="kiosk_reference", pattern=r"^[A-Za-z0-9_.:-]{1,100}$")
    connect_timeout_seconds: float = Field(default=5, ge=0.1, le=60)
    read_timeout_seconds: float = Field(default=30, ge=0.1, le=300)

    @field_validator("base_url")
    @classmethod
    def _https_unless_loopback(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme == "https" and parts.hostname:
            return value
        if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
            return value
        raise ValueError("must be an https:// address (plain http:// only on this machine's loopback)")


class SyncSection(_Section):
    """How the outbox is drained: pace, leases, back-off and how long personal data is kept."""

    interval_seconds: float = Field(default=15, ge=0.05, le=3600)
    lease_seconds: float = Field(default=300, ge=1, le=86400)
    batch_size: int = Field(default=100, ge=1, le=1000)
    backoff_base_seconds: float = Field(default=30, ge=0.01, le=3600)
    backoff_cap_seconds: float = Field(default=3600, ge=0.01, le=86400)
    pause_probe_seconds: float = Field(default=300, ge=0.01, le=86400)
    purge_grace_hours: float = Field(default=0, ge=0, le=24 * 30)
    rejected_retention_days: float = Field(default=30, ge=0, le=365)


class ImportedFormTexts(_Section):
    """Texts an imported (Open311) form shows; any left out use the kiosk's own defaults."""

    before_you_start: str | None = None
    privacy: str | None = None
    declaration: str | None = None
    what_happens_next: str | None = None


class ImportedFormsSection(_Section):
    defaults: ImportedFormTexts = ImportedFormTexts()
    services: dict[str, ImportedFormTexts] = Field(default_factory=dict)

    def texts_for(self, service_code: str) -> ImportedFormTexts:
        """The defaults with this service's own overrides laid over them."""
        own = self.services.get(service_code)
        if own is None:
            return self.defaults
        merged = self.defaults.model_dump() | {k: v for k, v in own.model_dump().items() if v is not None}
        return ImportedFormTexts(**merged)


BUNDLED_ORDER = ["missed-bin", "housing-repair", "fly-tipping", "noise", "moving-home", "call-back"]


class FormsSection(_Section):
    paths: list[Path] = Field(default_factory=list)
    include_bundled: bool = True
    order: list[str] = Field(default_factory=lambda: list(BUNDLED_ORDER))


class Settings(_Section):
    """Everything a kiosk needs to know; defaults make a working kiosk with the bundled forms."""

    schema_version: Literal[1] = 1
    kiosk: KioskSection = KioskSection()
    session: SessionSection = SessionSection()
    case_api: CaseApiSection = CaseApiSection()
    forms: FormsSection = FormsSection()
    sync: SyncSection = SyncSection()
    imported_forms: ImportedFormsSection = ImportedFormsSection()
    demo: bool = Field(default=False, exclude=True)

    @property
    def data_dir(self) -> Path:
        """Where the outbox lives; a demo always uses its own ``demo`` folder, never the real one."""
        base = self.kiosk.data_dir or Path(platformdirs.user_data_dir(APP_NAME))
        return base / "demo" if self.demo else base

    def follow_up_text(self, reference: str) -> str:
        """What the confirmation QR code encodes: the follow-up URL, or the reference alone."""
        url = self.kiosk.follow_up_url
        return url.replace("{reference}", reference) if url else reference

    @property
    def imported_forms_dir(self) -> Path:
        """Where ``import-services`` stores the forms it builds from the case API's catalogue."""
        return self.data_dir / "imported-forms"

    def form_paths(self) -> list[Path]:
        from kiosk.assets import bundled_forms_dir

        bundled = [bundled_forms_dir()] if self.forms.include_bundled or self.demo else []
        configured = [] if self.demo else list(self.forms.paths)
        imported = [self.imported_forms_dir] if self.imported_forms_dir.is_dir() else []
        return bundled + configured + imported


def describe_validation_error(error: ValidationError) -> list[str]:
    """One line per problem: the dotted path of the setting and what is wrong with it."""
    lines = []
    for item in error.errors():
        path = ".".join(str(p) for p in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            lines.append(f"{path}: unknown setting")
        else:
            message = item["msg"].removeprefix("Value error, ")
            lines.append(f"{path}: {message} (got {item.get('input')!r})")
    return lines


def config_path(explicit: Path | None) -> Path | None:
    """The config file to use: --config, then $COUNCIL_KIOSK_CONFIG, then /etc, else none."""
    if explicit is not None:
        return explicit
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return SYSTEM_CONFIG if SYSTEM_CONFIG.is_file() else None


def load_settings(explicit: Path | None = None, *, demo: bool = False) -> Settings:
    """Read and validate the settings; raise ConfigError naming the file and every problem."""
    path = config_path(explicit)
    data: dict = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: no such config file") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        _resolve_relative_paths(data, path.parent)
    if demo:
        data.setdefault("kiosk", {})["reference_prefix"] = "DEMO"
        data["kiosk"].setdefault("name", "Demo kiosk")
        data["kiosk"].setdefault("council_name", "Anytown Council")
    try:
        return Settings(**data, demo=demo)
    except ValidationError as exc:
        where = str(path) if path else "settings"
        problems = "\n".join(f"  {line}" for line in describe_validation_error(exc))
        raise ConfigError(f"{where}: the configuration has problems:\n{problems}") from exc
    except TypeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _resolve_relative_paths(data: dict, base: Path) -> None:
    kiosk = data.get("kiosk")
    if isinstance(kiosk, dict) and isinstance(kiosk.get("data_dir"), str):
        kiosk["data_dir"] = str((base / kiosk["data_dir"]).resolve())
    forms = data.get("forms")
    case_api = data.get("case_api")
    if isinstance(case_api, dict) and isinstance(case_api.get("ca_bundle"), str):
        case_api["ca_bundle"] = str((base / case_api["ca_bundle"]).resolve())
    if isinstance(forms, dict) and isinstance(forms.get("paths"), list):
        forms["paths"] = [str((base / p).resolve()) if isinstance(p, str) else p for p in forms["paths"]]
