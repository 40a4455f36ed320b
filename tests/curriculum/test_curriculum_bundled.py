"""The bundled sample curriculum loads without problems and matches its manifest."""

from __future__ import annotations

from curriculum import bundled_lessons_root, check_manifest, load_library, unlisted_files

ROOT = bundled_lessons_root()


def test_bundled_library() -> None:
    library, problems = load_library(ROOT)
    assert [str(p) for p in problems] == []
    assert len(library) >= 1
    too_long = [f.relpath for f in library.files() if not 45 <= f.duration_minutes <= 50]
    assert too_long == [], "bundled lessons last 45 to 50 minutes (docs/lesson-format.md)"
    assert (ROOT / "MANIFEST.json").is_file(), "run: python -m curriculum.manifest --write"
    assert check_manifest(ROOT) == [], "a released lesson file changed: make a new version"
    assert unlisted_files(ROOT) == [], "run: python -m curriculum.manifest --write"
