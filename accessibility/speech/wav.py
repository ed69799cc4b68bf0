"""Inspect WAV bytes: format, duration, peak and RMS level, and whether they are silent.

Used by the tests (is the synthesised audio plausible and audible?) and for diagnostics. Reads
uncompressed PCM (8, 16, 24 or 32-bit integer) from bytes in memory; never touches disk.
Levels are fractions of full scale (0.0 to 1.0) over every channel.
"""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from dataclasses import dataclass

SILENCE_PEAK = 0.01
"""Peak level (fraction of full scale, about -40 dBFS) below which audio counts as silent."""


class NotWav(ValueError):
    """The bytes are not an uncompressed PCM WAV file."""


@dataclass(frozen=True)
class WavInfo:
    """What a WAV holds: its format, length and levels."""

    sample_rate: int
    channels: int
    sample_width: int
    frames: int
    peak: float
    rms: float

    @property
    def duration_seconds(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0

    @property
    def is_silent(self) -> bool:
        """True when nothing in the audio rises above ``SILENCE_PEAK`` (or there are no frames)."""
        return self.frames == 0 or self.peak < SILENCE_PEAK


def inspect_wav(data: bytes) -> WavInfo:
    """Read the format, length, peak and RMS level of WAV bytes; raise ``NotWav`` if they are not PCM WAV."""
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            sample_rate = reader.getframerate()
            channels = reader.getnchannels()
            sample_width = reader.getsampwidth()
            frames = reader.getnframes()
            pcm = reader.readframes(frames)
    except (wave.Error, EOFError) as exc:
        raise NotWav(f"not a PCM WAV file ({type(exc).__name__})") from exc
    samples = _samples(pcm, sample_width)
    frames = len(samples) // channels if channels else 0  # a truncated file holds fewer than its header says
    peak, rms = _levels(samples, sample_width)
    return WavInfo(sample_rate, channels, sample_width, frames, peak, rms)


def duration_seconds(data: bytes) -> float:
    """Length of the WAV's audio in seconds."""
    return inspect_wav(data).duration_seconds


def is_silent(data: bytes) -> bool:
    """True when the WAV holds no frames or nothing louder than ``SILENCE_PEAK``."""
    return inspect_wav(data).is_silent


def _samples(pcm: bytes, sample_width: int) -> array:
    """Signed integer samples of little-endian PCM (8-bit WAV is unsigned: shifted to signed)."""
    if sample_width == 1:
        return array("h", (byte - 128 for byte in pcm))
    if sample_width == 2:
        samples = array("h")
        samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    elif sample_width == 3:
        usable = len(pcm) - len(pcm) % 3
        samples = array("i", (int.from_bytes(pcm[i : i + 3], "little", signed=True) for i in range(0, usable, 3)))
        return samples
    elif sample_width == 4:
        samples = array("i")
        samples.frombytes(pcm[: len(pcm) - len(pcm) % 4])
    else:
        raise NotWav(f"unsupported sample width: {sample_width} bytes")
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _levels(samples: array, sample_width: int) -> tuple[float, float]:
    """Peak and RMS as fractions of full scale."""
    if not samples:
        return 0.0, 0.0
    full_scale = float(1 << (8 * sample_width - 1))
    peak = max(max(samples), -min(samples))
    rms = math.sqrt(math.fsum(s * s for s in samples) / len(samples))
    return min(peak / full_scale, 1.0), rms / full_scale
