"""Proof that the key an outbox is opened with is the key its personal data was written with.

A Fernet token of a fixed text is stored in ``outbox_meta`` when a key is first used. Opening
with another key (a wrong or replaced keyring entry) is refused instead of writing new rows
that the old ones cannot be read beside. Opening without a key an outbox that holds encrypted
data is refused too. Rows written before encryption (``json-v1``) are re-encrypted on open.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sync.outbox.codec import JsonCodec, PersonalDataCodec
from sync.outbox.errors import OutboxError
from sync.outbox.models import OutboxItem, OutboxMeta

KEY_CHECK = "key_check"
_KEY_CHECK_TEXT = {"key_check": "council-kiosk outbox"}


class OutboxKeyError(OutboxError):
    """The outbox's encrypted data cannot be read with the key given (or no key was given)."""


def encrypted_rows(session: Session) -> int:
    """How many items hold personal data that needs a key to read."""
    return session.scalar(
        select(func.count())
        .select_from(OutboxItem)
        .where(OutboxItem.personal_data.is_not(None), OutboxItem.personal_data_codec != JsonCodec.name)
    )


def is_encrypted(session: Session) -> bool:
    """True when this outbox has ever been used with a key, or holds encrypted data."""
    return session.get(OutboxMeta, KEY_CHECK) is not None or encrypted_rows(session) > 0


def check_key(session: Session, codec: PersonalDataCodec | None, where: str) -> None:
    """Verify (or first record) the key check; re-encrypt plain rows. Caller commits."""
    stored = session.get(OutboxMeta, KEY_CHECK)
    if codec is None:
        if stored is not None or encrypted_rows(session) > 0:
            raise OutboxKeyError(f"the outbox {where} holds encrypted personal data and no key was given")
        return
    if stored is None:
        session.add(OutboxMeta(key=KEY_CHECK, value=codec.encode(_KEY_CHECK_TEXT).decode("ascii")))
    else:
        try:
            ok = codec.decode((stored.value or "").encode("ascii")) == _KEY_CHECK_TEXT
        except ValueError:
            ok = False
        if not ok:
            raise OutboxKeyError(
                f"the encryption key in the key store does not match the outbox {where}: "
                "its personal data cannot be read (was the key replaced?)"
            )
    plain = JsonCodec()
    rows = session.execute(
        select(OutboxItem.id, OutboxItem.personal_data).where(
            OutboxItem.personal_data.is_not(None), OutboxItem.personal_data_codec == plain.name
        )
    ).all()
    for row in rows:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == row.id)
            .values(personal_data=codec.encode(plain.decode(row.personal_data)), personal_data_codec=codec.name)
        )
