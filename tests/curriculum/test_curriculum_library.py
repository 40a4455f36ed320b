"""Library queries: list, filter, search, newest version, translation status."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from curriculum import LANGUAGES, Library, Problem, load_library


def test_list_and_filter(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    ids = [lesson.id for lesson in library.lessons()]
    assert set(ids) == {
        "healthy-relationships",
        "minutes-off",
        "online-safety",
        "orphan-translation",
    }
    assert [lesson.id for lesson in library.lessons(grade_band="6-8")] == ["online-safety"]
    assert [lesson.id for lesson in library.lessons(topic="sextortion")] == ["online-safety"]
    assert "online-safety" not in [lesson.id for lesson in library.lessons(language="hmn")]
    assert [lesson.id for lesson in library.lessons(grade_band="9-12", language="so")] == [
        "healthy-relationships"
    ]
    assert library.lessons(topic="no-such-topic") == []
    assert "warning-signs" in library.topics()


def test_newest_version(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    lesson = library.lesson("healthy-relationships")
    assert lesson.version_numbers == ("1.0.0", "1.1.0")
    assert lesson.newest_version == "1.1.0"
    newest_so = lesson.newest_file("so")
    assert newest_so is not None and newest_so.version == "1.0.0"
    assert library.file_at("healthy-relationships/1.1.0/es.md") is not None
    assert library.file_at("healthy-relationships/9.9.9/es.md") is None


def test_search_titles_and_text_case_insensitive(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    hits = library.search("SEXTORTION")
    assert {(h.lesson_id, h.language) for h in hits} == {("online-safety", "en")}
    assert hits[0].in_title
    text_hits = library.search("secret PHOTOS", language="en")
    assert [(h.lesson_id, h.version) for h in text_hits] == [("healthy-relationships", "1.1.0")]
    assert not text_hits[0].in_title and "secret photos" in text_hits[0].snippet
    spanish = library.search("SEXTORSIÓN")
    assert [(h.lesson_id, h.language, h.in_title) for h in spanish] == [
        ("online-safety", "es", True)
    ]
    assert library.search("   ") == []
    assert library.search("card sort zebra") == []
    assert {h.lesson_id for h in library.search("card", grade_band="6-8")} == {"online-safety"}


def test_translation_status(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    table = library.translation_status("healthy-relationships")
    assert table["1.1.0"] == {"en": "source", "es": "reviewed", "hmn": "missing", "so": "missing"}
    assert table["1.0.0"] == {"en": "source", "es": "stale", "hmn": "stale", "so": "stale"}
    online = library.translation_status("online-safety")["1.0.0"]
    assert online == {"en": "source", "es": "draft", "hmn": "missing", "so": "missing"}
    stale = {(f.id, f.language) for f in library.stale_translations()}
    assert stale == {("healthy-relationships", "hmn"), ("healthy-relationships", "so")}


def test_stale_when_english_moves_on(copy_lessons: Callable[..., Path]) -> None:
    root = copy_lessons("online-safety")
    library, _ = load_library(root)
    assert library.lesson("online-safety").translation_status("1.0.0", "es") == "draft"
    new = root / "online-safety" / "1.0.1"
    new.mkdir()
    english = (root / "online-safety" / "1.0.0" / "en.md").read_text()
    english = english.replace("version: 1.0.0\nreleased", "version: 1.0.1\nreleased").replace(
        "changelog:\n",
        "changelog:\n  - version: 1.0.1\n    date: 2026-11-25\n    changes: Fixed a typo.\n",
    )
    (new / "en.md").write_text(english)
    library, problems = load_library(root)
    assert problems == []
    lesson = library.lesson("online-safety")
    assert lesson.translation_status("1.0.0", "es") == "stale"
    assert lesson.translation_status("1.0.1", "es") == "missing"


def test_listing_is_json_ready(loaded: tuple[Library, list[Problem]]) -> None:
    library, _ = loaded
    listing = json.loads(json.dumps(library.listing()))
    entry = next(item for item in listing if item["id"] == "healthy-relationships")
    assert entry["title"] == "Healthy and unhealthy relationships"
    assert [v["version"] for v in entry["versions"]] == ["1.0.0", "1.1.0"]
    assert set(entry["versions"][0]["languages"]) == set(LANGUAGES)
