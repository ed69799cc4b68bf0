"""Spell a reference number for speech so that letters which sound alike can be told apart.

B, D, P, T and V (and M/N, F/S) are easily confused when heard, so each letter is said with its
word from the international (ICAO/NATO) spelling alphabet, known across languages: "B as in
Bravo". Digits are said one by one; a dash is named. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable

SPELLING_WORDS = {
    "A": "Alfa", "B": "Bravo", "C": "Charlie", "D": "Delta", "E": "Echo", "F": "Foxtrot", "G": "Golf",
    "H": "Hotel", "I": "India", "J": "Juliett", "K": "Kilo", "L": "Lima", "M": "Mike", "N": "November",
    "O": "Oscar", "P": "Papa", "Q": "Quebec", "R": "Romeo", "S": "Sierra", "T": "Tango", "U": "Uniform",
    "V": "Victor", "W": "Whiskey", "X": "X-ray", "Y": "Yankee", "Z": "Zulu",
}  # fmt: skip


def spell_reference(reference: str, letter_as_in: Callable[[str, str], str], dash: str) -> str:
    """``KSK-B7`` -> "K as in Kilo, S as in Sierra, K as in Kilo. dash. B as in Bravo, 7".

    ``letter_as_in(letter, word)`` words one letter in the screen's language; ``dash`` names "-".
    Groups are separated by full stops so a synthesiser pauses between them.
    """
    groups = []
    for group in reference.upper().split("-"):
        said = []
        for char in group:
            word = SPELLING_WORDS.get(char)
            said.append(letter_as_in(char, word) if word else char)
        groups.append(", ".join(said))
    return f". {dash}. ".join(groups)
