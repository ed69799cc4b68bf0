"""Spoken prompts kept in memory, so a question heard again plays at once.

A least-recently-used store of WAV bytes keyed by (text, language, rate), bounded by their total
size. Private utterances (anything holding what a resident entered) are made every time and
never stored (EN 301 549 5.1.3.9: synthesised answers never outlive the session). Nothing is
written to disk. Safe to share between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

PromptKey = tuple[str, str, int]
MakeSpeech = Callable[[str, str, int], bytes]
"""Makes WAV bytes from (text, language, rate_percent): ``Synthesiser.synthesise`` fits."""


@dataclass(frozen=True)
class CacheStats:
    """Counts since the cache was made (``clear`` keeps them)."""

    hits: int
    misses: int
    private: int
    evictions: int
    entries: int
    size_bytes: int


class PromptCache:
    """WAV bytes of spoken prompts, least recently used first out once ``max_bytes`` is exceeded."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 0:
            raise ValueError("max_bytes must not be negative")
        self._max_bytes = max_bytes
        self._entries: OrderedDict[PromptKey, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._hits = self._misses = self._private = self._evictions = 0

    def get_or_make(
        self, text: str, language: str, rate_percent: int, make: MakeSpeech, private: bool = False
    ) -> bytes:
        """The prompt's WAV bytes: from memory when held, else ``make(text, language, rate_percent)``.

        With ``private=True`` the bytes are always made afresh and never stored or looked up.
        A result bigger than ``max_bytes`` is returned but not stored. ``make``'s exceptions pass
        through and nothing is stored. ``make`` runs outside the lock, so two threads asking for
        the same new prompt at once may both make it.
        """
        if private:
            with self._lock:
                self._private += 1
            return make(text, language, rate_percent)
        key = (text, language, rate_percent)
        with self._lock:
            wav = self._entries.get(key)
            if wav is not None:
                self._entries.move_to_end(key)
                self._hits += 1
                return wav
            self._misses += 1
        wav = make(text, language, rate_percent)
        self._store(key, wav)
        return wav

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    @property
    def size_bytes(self) -> int:
        """Total size of the WAV bytes held."""
        with self._lock:
            return self._size

    @property
    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(self._hits, self._misses, self._private, self._evictions, len(self._entries), self._size)

    def clear(self) -> None:
        """Forget every prompt (the counts stay)."""
        with self._lock:
            self._entries.clear()
            self._size = 0

    def _store(self, key: PromptKey, wav: bytes) -> None:
        if len(wav) > self._max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._entries[key] = wav
            self._size += len(wav)
            while self._size > self._max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted)
                self._evictions += 1
