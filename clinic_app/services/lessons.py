"""The installed lesson library and the operations on it (no Qt).

The library is the bundled sample curriculum plus the packs installed under
``<data_dir>/lessons``; it is loaded once and reloaded after an import. Pack
imports and delivery logging check permissions here, whatever the caller hides.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app.errors import ClinicError, PermissionDenied, ValidationError
from clinic_app.i18n import _
from clinic_app.permissions import Action, require
from clinic_app.store.layout import LESSONS_FOLDER, lesson_roots

if TYPE_CHECKING:
    from clinic_app.store.deliveries import Delivery, DeliveryInput
    from clinic_app.store.facade import Store
    from curriculum import InstallResult, Library, Problem


def problem_line(problem: Problem) -> str:
    """A problem as ``file:line: message`` (warnings say so)."""
    prefix = "" if problem.is_error else _("warning: ")
    return f"{problem.file}:{problem.line}: {prefix}{problem.message}"


@dataclass(frozen=True)
class ValidationReport:
    """What checking a lesson file or pack found: problems, files and lessons seen."""

    problems: tuple[Problem, ...]
    files: int
    lessons: int

    @property
    def ok(self) -> bool:
        """True when nothing would stop the pack from installing."""
        return not any(p.is_error for p in self.problems)


class LessonsService:
    """The lesson library (bundled + installed) and the store operations that use it."""

    def __init__(self, data_dir: Path, store: Store | None = None) -> None:
        self.data_dir = Path(data_dir)
        self._store = store
        self._library: Library | None = None
        self._problems: list[Problem] = []

    @property
    def installed_root(self) -> Path:
        """Where imported packs are installed."""
        return self.data_dir / LESSONS_FOLDER

    @property
    def store(self) -> Store | None:
        """The signed-in store, if any (commands that only read lessons have none)."""
        return self._store

    @property
    def library(self) -> Library:
        """The whole library, loaded on first use."""
        if self._library is None:
            self.reload()
        assert self._library is not None
        return self._library

    @property
    def load_problems(self) -> list[Problem]:
        """Problems found while loading (the files concerned were left out)."""
        if self._library is None:
            self.reload()
        return list(self._problems)

    def reload(self) -> None:
        """Load the bundled lessons and any installed packs again."""
        from curriculum import load_library

        self._library, self._problems = load_library(lesson_roots(self.data_dir))

    # -- packs ---------------------------------------------------------------------
    def validate(self, path: str | Path) -> ValidationReport:
        """Check a lesson file, pack folder or pack .zip against the installed library."""
        from curriculum import load_lesson_file, validate_pack

        p = Path(path)
        if p.is_file() and p.suffix == ".md":
            lesson, problems = load_lesson_file(p)
            return ValidationReport(tuple(problems), 1, 1 if lesson else 0)
        pack, problems = validate_pack(p, self.library)
        lessons = {relpath.split("/")[0] for relpath in pack.present} | {
            f.id for f in pack.lessons.values()}
        return ValidationReport(tuple(problems), len(pack.files), len(lessons))

    def import_pack(self, path: str | Path) -> InstallResult:
        """Validate and install a pack, all or nothing; needs MANAGE_CONTENT.

        Returns the install result (``ok`` False with the problems when refused).
        An install that adds files is audited and the library is reloaded.
        """
        from curriculum import PackError, install_pack

        store = self._signed_in()
        require(store.user.role, Action.MANAGE_CONTENT)
        try:
            result = install_pack(Path(path), self.installed_root, self.library)
        except PackError as exc:
            raise ClinicError(str(exc)) from exc
        if result.ok and result.added:
            store.record_audit("lesson_pack_imported", "lesson_pack", Path(path).name)
            self.reload()
        return result

    def class_set_pdf(self, lesson_id: str, version: str, copies: list[tuple[str, int]],
                      include_parent_notice: bool = True,
                      progress: Callable[[int, str], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> bytes:
        """One PDF with the handout of a lesson version for a class: N copies in one
        language, M in another (a single copy is simply one handout). Audited."""
        from clinic_app.handouts import build_class_set, handout_text

        store = self._signed_in()
        require(store.user.role, Action.PRINT_HANDOUTS)
        lesson = self.library.get(lesson_id)
        wanted = [(lang, n) for lang, n in copies if n > 0]
        if not wanted:
            raise ValidationError(_("Copies: ask for at least one copy."))
        sources = {}
        contacts = store.referral_contacts()
        for lang, _n in wanted:
            found = lesson.file(version, lang) if lesson is not None else None
            if found is None:
                raise ValidationError(_("Lesson: there is no {language} text of {lesson} "
                                        "{version}.").format(language=lang, lesson=lesson_id,
                                                              version=version))
            sources[lang] = handout_text(found, contacts)
        report = progress or (lambda _percent, _text: None)
        out = io.BytesIO()
        build_class_set(wanted, sources, out, include_parent_notice=include_parent_notice,
                        progress=lambda done, total: report(int(100 * done / max(total, 1)),
                                                            ""),
                        cancelled=cancelled)
        store.record_audit("class_set_printed", "lesson", f"{lesson_id}/{version}")
        return out.getvalue()

    # -- delivery log --------------------------------------------------------------
    def record_delivery(self, entry: DeliveryInput) -> int:
        """Log a delivery of a lesson version that is in the library (the store checks
        the entry, the lesson and its version against this library)."""
        store = self._signed_in()
        require(store.user.role, Action.LOG_DELIVERY)
        return store.record_delivery(entry, self.library)

    def update_delivery(self, delivery_id: int, entry: DeliveryInput) -> None:
        """Change one of the user's own entries."""
        store = self._signed_in()
        require(store.user.role, Action.LOG_DELIVERY)
        store.update_delivery(delivery_id, entry, self.library)

    def delete_delivery(self, delivery_id: int) -> None:
        """Delete one of the user's own entries."""
        self._signed_in().delete_delivery(delivery_id)

    def my_deliveries(self) -> list[Delivery]:
        """The signed-in user's entries, newest first."""
        return self._signed_in().list_deliveries()

    def lesson_title(self, lesson_id: str) -> str:
        """The lesson's title, or its id when it is not installed (any more)."""
        lesson = self.library.get(lesson_id)
        return lesson.title if lesson is not None else lesson_id

    def _signed_in(self) -> Store:
        if self._store is None:
            raise PermissionDenied(_("Permission denied: sign in first."))
        return self._store

