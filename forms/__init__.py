"""Council forms without Qt: definitions, validation, the journey engine and case payloads.

Nothing in this package imports PySide6, so the CLI, the sync and the tests use it headless.
"""
