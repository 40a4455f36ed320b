"""Installed screening instruments: the exact text of every version lives in the store.

The bundled sample versions are copied in when a store opens; a clinic imports its own
(licensed) instrument files. A released version never changes: importing the same id
and version with different content is refused.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

import screening
from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.permissions import Action, require
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.models import InstrumentVersion
from screening.versions import version_key

if TYPE_CHECKING:
    pass


@functools.lru_cache(maxsize=64)
def _parse(text: str, source: str) -> screening.Instrument:
    return screening.parse_instrument(text, source)


def sync_bundled(session: Session) -> None:
    """Copy bundled instrument versions the store does not hold yet."""
    installed = {(r.instrument_id, r.version) for r in session.execute(
        select(InstrumentVersion.instrument_id, InstrumentVersion.version))}
    for path in sorted(screening.BUNDLED_DIR.glob("*/*.toml")):
        if (path.parent.name, path.stem) in installed:
            continue
        text = path.read_text(encoding="utf-8")
        instrument = _parse(text, f"{path.parent.name}/{path.name}")
        session.add(InstrumentVersion(
            instrument_id=instrument.id, version=instrument.version,
            content_hash=screening.content_hash(instrument), source_text=text, bundled=True))


class InstrumentsMixin(StoreMixin):
    """Store operations on installed instruments (mixed into the Store facade)."""

    def instruments(self) -> list[screening.Instrument]:
        """Every installed instrument version, oldest version first within an id."""
        with self._reading() as session:
            rows = session.execute(select(InstrumentVersion.instrument_id,
                                          InstrumentVersion.version,
                                          InstrumentVersion.source_text)).all()
        found = [_parse(text, f"{iid}/{version}.toml") for iid, version, text in rows]
        return sorted(found, key=lambda i: (i.id, version_key(i.version)))

    def instrument(self, instrument_id: str, version: str) -> screening.Instrument:
        """One installed version (the one a record was made with)."""
        with self._reading() as session:
            text = session.scalar(select(InstrumentVersion.source_text).where(
                InstrumentVersion.instrument_id == instrument_id,
                InstrumentVersion.version == version))
        if text is None:
            raise ValidationError(_("Instrument {id} {version} is not installed.").format(
                id=instrument_id, version=version))
        return _parse(text, f"{instrument_id}/{version}.toml")

    def latest_instruments(self) -> list[screening.Instrument]:
        """The newest installed version of each instrument (what a new screening uses)."""
        newest: dict[str, screening.Instrument] = {}
        for instrument in self.instruments():
            newest[instrument.id] = instrument
        return list(newest.values())

    def import_instrument(self, path: Path) -> tuple[screening.Instrument, bool]:
        """Install an instrument file; returns (instrument, True if newly installed).
        Raises ValidationError naming the file's problems, or a conflicting version."""
        require(self.user.role, Action.MANAGE_CONTENT)
        candidate, problems = screening.load_instrument_file(path)
        if candidate is None:
            raise ValidationError("; ".join(str(p) for p in problems[:5]))
        check = screening.check_import(candidate, self.instruments())
        if check is screening.ImportCheck.IDENTICAL:
            return candidate, False
        if check is screening.ImportCheck.CONFLICT:
            raise ValidationError(_(
                "{id} {version} is already installed with different content; a released "
                "version never changes, so give the new content a new version number.").format(
                id=candidate.id, version=candidate.version))
        with self._session() as session:
            session.add(InstrumentVersion(
                instrument_id=candidate.id, version=candidate.version,
                content_hash=screening.content_hash(candidate),
                source_text=Path(path).read_text(encoding="utf-8"), bundled=False))
            self._audit_in(session, "instrument_imported", "instrument",
                           f"{candidate.id}@{candidate.version}")
        return candidate, True
