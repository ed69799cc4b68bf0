"""Human reference numbers that a resident can read out, type back and trust.

A reference looks like ``PREFIX-XXX-XXXX``: a configured prefix (1-6 ASCII letters or digits),
then six random characters and one check character drawn from an alphabet without look-alikes
(no 0/O, 1/I/L). The check character covers the seven-character body, not the prefix.

The check is a position-weighted sum modulo 31 (the alphabet size, a prime) with weights
1..7. Because 31 is prime and every weight and every difference of adjacent weights is non-zero
modulo 31, it catches every single-character substitution and every adjacent transposition in
the body, including ones that touch the check character. (Luhn mod N misses the transposition
of the first and last alphabet characters, "2Z" <-> "Z2", so it is not used.)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Protocol

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 6
_MODULUS = len(ALPHABET)
_WEIGHTS = tuple(range(1, RANDOM_LENGTH + 2))
_CHECK_WEIGHT_INVERSE = pow(_WEIGHTS[-1], -1, _MODULUS)
_VALUES = {char: index for index, char in enumerate(ALPHABET)}

_PREFIX_RE = re.compile(r"[A-Z0-9]{1,6}")
_REFERENCE_RE = re.compile(rf"([A-Z0-9]{{1,6}})-([{ALPHABET}]{{3}})-([{ALPHABET}]{{4}})")
_IGNORED_RE = re.compile(r"[\s\-\u2010-\u2015]+")


class RandomSource(Protocol):
    """Anything with ``choice`` over a sequence (``secrets.SystemRandom``, ``random.Random``)."""

    def choice(self, seq: Sequence[str]) -> str: ...


_SYSTEM_RANDOM: RandomSource = secrets.SystemRandom()


def normalise_prefix(prefix: str) -> str:
    """Return the upper-cased prefix, or raise ``ValueError`` if it is not 1-6 letters/digits."""
    upper = prefix.strip().upper()
    if not _PREFIX_RE.fullmatch(upper):
        raise ValueError(f"reference prefix must be 1 to 6 ASCII letters or digits, got {prefix!r}")
    return upper


def check_character(body: str) -> str:
    """Return the check character for six alphabet characters."""
    if len(body) != RANDOM_LENGTH or any(char not in _VALUES for char in body):
        raise ValueError(f"expected {RANDOM_LENGTH} characters from the reference alphabet")
    total = sum(weight * _VALUES[char] for weight, char in zip(_WEIGHTS, body, strict=False))
    return ALPHABET[(-total * _CHECK_WEIGHT_INVERSE) % _MODULUS]


def _body_is_consistent(body: str) -> bool:
    total = sum(weight * _VALUES[char] for weight, char in zip(_WEIGHTS, body, strict=True))
    return total % _MODULUS == 0


def generate_reference(prefix: str, rng: RandomSource | None = None) -> str:
    """Return a new random reference ``PREFIX-XXX-XXXX`` with a valid check character.

    Randomness comes from ``secrets`` unless a source is injected (tests). Uniqueness is not
    promised here: the outbox enforces it and draws again on a collision.
    """
    source = rng if rng is not None else _SYSTEM_RANDOM
    clean_prefix = normalise_prefix(prefix)
    body = "".join(source.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    body += check_character(body)
    return f"{clean_prefix}-{body[:3]}-{body[3:]}"


def is_valid_reference(text: str) -> bool:
    """True when ``text`` is a reference in canonical form with a correct check character.

    Canonical means upper case with both hyphens; use ``normalise_reference`` for typed input.
    """
    match = _REFERENCE_RE.fullmatch(text)
    return match is not None and _body_is_consistent(match.group(2) + match.group(3))


def normalise_reference(text: str) -> str | None:
    """Return the canonical form of a typed reference, or None if it is not a valid one.

    Accepts lower case, spaces and missing or extra hyphens. Look-alike characters (O, 0, I, 1,
    L) are not guessed at: a reference containing them is invalid.
    """
    compact = _IGNORED_RE.sub("", text).upper()
    body_length = RANDOM_LENGTH + 1
    if len(compact) <= body_length:
        return None
    prefix, body = compact[:-body_length], compact[-body_length:]
    candidate = f"{prefix}-{body[:3]}-{body[3:]}"
    return candidate if is_valid_reference(candidate) else None


def find_reference(text: str) -> str | None:
    """The reference in typed or scanned text (a follow-up link's ``?ref=...`` too), or None.

    Typed text is normalised as ``normalise_reference`` does; otherwise the first valid
    reference found anywhere in the text (such as a scanned QR code's address) is returned.
    """
    typed = normalise_reference(text)
    if typed is not None:
        return typed
    for match in _REFERENCE_RE.finditer(text.upper()):
        if is_valid_reference(match.group(0)):
            return match.group(0)
    return None
