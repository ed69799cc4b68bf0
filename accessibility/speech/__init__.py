"""Speech without Qt: text to WAV bytes (``Synthesiser``), spoken prompts kept in memory
(``PromptCache``), the voice for each screen language (``VoiceTable``) and WAV inspection
(``wav``). Playing and stopping the audio is ``accessibility.qt_speech_player``'s job.
"""

from accessibility.speech.prompt_cache import CacheStats, PromptCache
from accessibility.speech.synthesiser import (
    MAX_RATE_PERCENT,
    MIN_RATE_PERCENT,
    SpeechError,
    SpeechUnavailable,
    Synthesiser,
    SynthesisFailed,
)
from accessibility.speech.voices import VoiceChoice, VoiceInfo, VoiceTable
from accessibility.speech.wav import WavInfo, inspect_wav

__all__ = [
    "MAX_RATE_PERCENT",
    "MIN_RATE_PERCENT",
    "CacheStats",
    "PromptCache",
    "SpeechError",
    "SpeechUnavailable",
    "SynthesisFailed",
    "Synthesiser",
    "VoiceChoice",
    "VoiceInfo",
    "VoiceTable",
    "WavInfo",
    "inspect_wav",
]
