"""Reference numbers: format, alphabet, and the errors the check character must catch."""

from __future__ import annotations

import random
import re

import pytest

from sync.references import (
    ALPHABET,
    check_character,
    generate_reference,
    is_valid_reference,
    normalise_reference,
)

REFERENCE_RE = re.compile(r"^([A-Z0-9]{1,6})-([A-Z0-9]{3})-([A-Z0-9]{4})$")


def _references(count: int, seed: int = 1234) -> list[str]:
    rng = random.Random(seed)
    return [generate_reference("KSK", rng) for _ in range(count)]


def _body(reference: str) -> str:
    return reference.split("-", 1)[1].replace("-", "")


def _with_body(prefix: str, body: str) -> str:
    return f"{prefix}-{body[:3]}-{body[3:]}"


def test_alphabet_has_31_characters_without_look_alikes() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("01OIL") & set(ALPHABET)


@pytest.mark.parametrize(("prefix", "expected"), [("bin", "BIN"), ("K1", "K1"), ("a", "A"), ("abc123", "ABC123")])
def test_format_is_prefix_three_four(prefix: str, expected: str) -> None:
    reference = generate_reference(prefix)
    match = REFERENCE_RE.match(reference)
    assert match is not None, reference
    assert match.group(1) == expected
    assert set(_body(reference)) <= set(ALPHABET)
    assert is_valid_reference(reference)


@pytest.mark.parametrize("prefix", ["", "TOOLONG", "A-B", "A B", "ÄB", "AB!"])
def test_bad_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        generate_reference(prefix)


def test_default_randomness_gives_distinct_references() -> None:
    references = {generate_reference("K") for _ in range(200)}
    assert len(references) == 200


def test_injected_random_source_is_used() -> None:
    assert _references(5, seed=7) == _references(5, seed=7)
    assert _references(5, seed=7) != _references(5, seed=8)


def test_every_single_substitution_is_detected() -> None:
    for reference in _references(400):
        body = _body(reference)
        for position in range(len(body)):
            for char in ALPHABET:
                if char == body[position]:
                    continue
                changed = body[:position] + char + body[position + 1 :]
                assert not is_valid_reference(_with_body("KSK", changed)), (reference, changed)


def test_every_adjacent_transposition_is_detected() -> None:
    for reference in _references(400):
        body = _body(reference)
        for position in range(len(body) - 1):
            a, b = body[position], body[position + 1]
            if a == b:
                continue
            swapped = body[:position] + b + a + body[position + 2 :]
            assert not is_valid_reference(_with_body("KSK", swapped)), (reference, swapped)


def _valid_body_with(position: int, a: str, b: str, context: str) -> str:
    """A valid 7-character body holding ``a``, ``b`` at ``position``, ``position + 1``."""
    chars = list(context)
    chars[position] = a
    if position + 1 < 6:
        chars[position + 1] = b
        return "".join(chars) + check_character("".join(chars))
    free = 0 if position != 0 else 1
    for candidate in ALPHABET:
        chars[free] = candidate
        if check_character("".join(chars)) == b:
            return "".join(chars) + b
    raise AssertionError("no body found")


def test_every_adjacent_transposition_of_every_pair_is_detected() -> None:
    """Exhaustive over character pairs and positions, including the check character and the
    pair "2"/"Z" that Luhn mod 31 would miss."""
    rng = random.Random(99)
    for _ in range(3):
        context = "".join(rng.choice(ALPHABET) for _ in range(6))
        for position in range(6):
            for a in ALPHABET:
                for b in ALPHABET:
                    if a == b:
                        continue
                    body = _valid_body_with(position, a, b, context)
                    assert is_valid_reference(_with_body("K", body)), body
                    swapped = body[:position] + b + a + body[position + 2 :]
                    assert not is_valid_reference(_with_body("K", swapped)), (body, swapped)


def test_is_valid_reference_wants_the_canonical_form() -> None:
    reference = generate_reference("bin", random.Random(3))
    assert is_valid_reference(reference)
    assert not is_valid_reference(reference.lower())
    assert not is_valid_reference(reference.replace("-", ""))
    assert not is_valid_reference(f" {reference}")
    assert not is_valid_reference("")


def test_normalise_accepts_lower_case_spaces_and_missing_hyphens() -> None:
    reference = generate_reference("bin", random.Random(4))
    prefix, first, second = reference.split("-")
    typed = [
        reference,
        reference.lower(),
        f"  {reference.lower()}  ",
        f"{prefix}{first}{second}".lower(),
        f"{prefix} {first} {second}",
        f"{prefix.lower()} - {first[:2]} {first[2:]}{second}",
        f"{prefix}--{first}-{second}",
    ]
    for text in typed:
        assert normalise_reference(text) == reference, text


def test_normalise_rejects_invalid_input_without_guessing() -> None:
    reference = generate_reference("bin", random.Random(5))
    body = _body(reference)
    wrong_check = body[:-1] + next(c for c in ALPHABET if c != body[-1])
    assert normalise_reference(_with_body("BIN", wrong_check)) is None
    with_o = _with_body("BIN", "O" + body[1:])
    assert normalise_reference(with_o) is None
    for text in ["", "   ", "BIN", body, "BIN-ABC", "TOOLONGX-" + body, "BIN-" + body + "2"]:
        assert normalise_reference(text) is None, text
