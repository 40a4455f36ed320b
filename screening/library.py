"""Load and validate definition files and folders of them; check imports for immutability.

Library folders hold one file per instrument version at `<id>/<version>.toml`.
One bad file never stops the others from loading.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from screening.hashing import content_hash
from screening.loader import parse_file, parse_text
from screening.model import Instrument
from screening.problems import InstrumentError, Problem
from screening.validator import validate
from screening.versions import is_semver, version_key

BUNDLED_DIR = Path(__file__).resolve().parent / "instruments"
"""The sample instruments shipped with the app."""


def _checked(
    instrument: Instrument | None, problems: list[Problem]
) -> tuple[Instrument | None, list[Problem]]:
    if instrument is None:
        return None, problems
    problems = problems + validate(instrument)
    return (None if problems else instrument), problems


def load_instrument_text(
    text: str, source: str = "<text>"
) -> tuple[Instrument | None, list[Problem]]:
    """Parse and validate definition text; the instrument is None when there are problems."""
    return _checked(*parse_text(text, source))


def load_instrument_file(path: Path | str) -> tuple[Instrument | None, list[Problem]]:
    """Parse and validate one definition file; the instrument is None when there are problems."""
    return _checked(*parse_file(path))


def parse_instrument(text: str, source: str = "<text>") -> Instrument:
    """Parse and validate definition text, e.g. a stored copy of an installed version.

    Raises InstrumentError carrying every problem when the text is not usable.
    """
    instrument, problems = load_instrument_text(text, source)
    if instrument is None:
        raise InstrumentError(problems)
    return instrument


def read_instrument(path: Path | str) -> Instrument:
    """Parse and validate one file; raises InstrumentError carrying every problem."""
    instrument, problems = load_instrument_file(path)
    if instrument is None:
        raise InstrumentError(problems)
    return instrument


def validate_file(path: Path | str) -> list[Problem]:
    """Every problem in one definition file ([] when it is fine), for `instrument validate`."""
    return load_instrument_file(path)[1]


def _layout_problem(path: Path, instrument: Instrument) -> Problem | None:
    expected = Path(instrument.id) / f"{instrument.version}.toml"
    if path.parent.name != instrument.id or path.name != expected.name:
        return Problem(
            str(path),
            "",
            f"This file defines {instrument.id} {instrument.version}, so it must be stored "
            f"as {expected.as_posix()} inside the library folder.",
        )
    return None


def load_library(dirs: Iterable[Path | str]) -> tuple[list[Instrument], list[Problem]]:
    """Load every `<id>/<version>.toml` below `dirs`; return good instruments and all problems.

    Instruments are sorted by id, then version. The same id and version found twice
    is kept once when the content is identical and reported when it differs.
    """
    loaded: dict[tuple[str, str], Instrument] = {}
    problems: list[Problem] = []
    for folder in (Path(d) for d in dirs):
        if not folder.is_dir():
            problems.append(Problem(str(folder), "", "The instrument folder does not exist."))
            continue
        for path in sorted(folder.rglob("*.toml")):
            instrument, found = load_instrument_file(path)
            problems.extend(found)
            if instrument is None:
                continue
            layout = _layout_problem(path, instrument)
            if layout is not None:
                problems.append(layout)
                continue
            earlier = loaded.get(instrument.key)
            if earlier is None:
                loaded[instrument.key] = instrument
            elif content_hash(earlier) != content_hash(instrument):
                problems.append(conflict_problem(instrument, earlier))
    ordered = sorted(loaded.values(), key=lambda i: (i.id, version_key(i.version)))
    return ordered, problems


def load_bundled() -> tuple[list[Instrument], list[Problem]]:
    """Load the sample instruments shipped in `screening/instruments/`."""
    return load_library([BUNDLED_DIR])


class ImportCheck(Enum):
    """What importing a definition would do."""

    NEW = "new"
    """No installed instrument has this id and version: install it."""
    IDENTICAL = "identical"
    """Already installed with the same content: nothing to do."""
    CONFLICT = "conflict"
    """Installed with different content: refuse; released versions never change."""


def check_import(candidate: Instrument, installed: Iterable[Instrument]) -> ImportCheck:
    """Compare a candidate with the installed instruments by id, version and content hash."""
    for existing in installed:
        if existing.key == candidate.key:
            if content_hash(existing) == content_hash(candidate):
                return ImportCheck.IDENTICAL
            return ImportCheck.CONFLICT
    return ImportCheck.NEW


def conflict_problem(candidate: Instrument, existing: Instrument) -> Problem:
    """The message to show when an import is refused as a CONFLICT."""
    return Problem(
        candidate.source,
        "version",
        f"{candidate.id} {candidate.version} is already installed from {existing.source} "
        "with different content; a released version never changes, so give this one a "
        "new version number.",
    )


def find(instruments: Iterable[Instrument], instrument_id: str, version: str) -> Instrument | None:
    """The instrument with this exact id and version, or None."""
    return next((i for i in instruments if i.key == (instrument_id, version)), None)


def latest(instruments: Iterable[Instrument], instrument_id: str) -> Instrument | None:
    """The highest version of `instrument_id`, or None when none is loaded."""
    matching = [i for i in instruments if i.id == instrument_id and is_semver(i.version)]
    return max(matching, key=lambda i: version_key(i.version), default=None)
