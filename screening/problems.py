"""Problems found in instrument files, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something wrong with a definition: which file, where in it, and what, in a sentence.

    `location` is "line N, column M" for TOML syntax errors and a field path such
    as `sections[2].items[0].type` for everything else ("" for the whole file).
    """

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


class InstrumentError(Exception):
    """Raised when a definition cannot be used; `problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
