"""Problems found in a form definition, each located as ``path:line: form/question: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefinitionProblem:
    """One problem in a definition file; ``line`` is 1-based, 0 when unknown."""

    path: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.message}"


class DefinitionErrors(Exception):
    """Raised when a definition cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[DefinitionProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
