"""Benchmark: load a generated lesson library of 200 lessons x 3 versions x 4 languages.

Run from the repository root: ``python bench/curriculum.py``. Prints the median load
time of ``curriculum.load_library`` against the goal (< 0.5 s); rendering is lazy and
timed separately for one lesson.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # this file is named curriculum.py: import the package, not itself
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._results import record  # noqa: E402

LESSONS, VERSIONS, LANGS = 200, ("1.0.0", "1.1.0", "2.0.0"), ("en", "es", "hmn", "so")
GOAL_SECONDS = 0.5
RUNS = 5
SECTIONS = (
    ("Objectives", "objectives"),
    ("Materials", "materials"),
    ("Preparation and facilitator notes", "preparation"),
    ("Content warning", "content-warning"),
    ("Parent notice", "parent-notice"),
    ("Activities", "activities"),
    ("Discussion questions", "discussion"),
    ("Student handout", "student-handout"),
    ("Exit ticket", "exit-ticket"),
    ("Sources", "sources"),
)
PARAGRAPH = (
    "Facilitators read this part aloud, pause for questions and remind the group that "
    "anyone may step out and talk to the nurse. A healthy relationship has respect, "
    "honesty and room for friends and family; pressure, secrets and gifts that come with "
    "strings attached are warning signs worth talking about with a trusted adult.\n"
)


def lesson_text(index: int, version: str, lang: str) -> str:
    """One generated lesson file (about 8 kB, like a real lesson)."""
    lesson_id = f"lesson-{index:03d}"
    history = [v for v in VERSIONS if v <= version]
    changelog = "".join(
        f"  - version: {v}\n    date: 2026-0{i + 1}-01\n    changes: Release {v}.\n"
        for i, v in enumerate(history)
    )
    extra = (
        f"changelog:\n{changelog}"
        if lang == "en"
        else f"source_version: {version}\nreview_status: draft\n"
    )
    front = (
        f"---\nid: {lesson_id}\ntitle: Generated lesson {index} ({lang})\nversion: {version}\n"
        f"released: 2026-0{VERSIONS.index(version) + 1}-01\n"
        f'grade_band: "{"6-8" if index % 2 else "9-12"}"\nduration_minutes: 50\n'
        f"language: {lang}\nobjectives:\n  - Name three signs of a healthy relationship.\n"
        "  - Describe two warning signs of recruitment.\n  - Name one trusted adult.\n"
        f"topics: [relationships, topic-{index % 10}]\n"
        'sources:\n  - "Generated source, clinic-app bench, 2026."\n'
        f"{extra}---\n\n"
    )
    parts = []
    for title, section_id in SECTIONS:
        parts.append(f"## {title} {{#{section_id}}}\n\n")
        if section_id == "activities":
            for name, minutes in (("Warm-up", 10), ("Card sort", 25), ("Wrap-up", 15)):
                parts.append(f"### {name} ({minutes} min)\n\n{PARAGRAPH}\n")
        elif section_id == "sources":
            parts.append(
                "- [Minnesota Safe Harbor](https://www.health.state.mn.us/)\n"
                "- See the [activities](#activities) above.\n\n"
            )
        else:
            parts.append(PARAGRAPH * 5 + "\n- one point\n- another point\n\n")
    return front + "".join(parts)


def generate(root: Path) -> int:
    """Write the library under root; return the number of files."""
    count = 0
    for index in range(LESSONS):
        for version in VERSIONS:
            folder = root / f"lesson-{index:03d}" / version
            folder.mkdir(parents=True)
            for lang in LANGS:
                (folder / f"{lang}.md").write_text(lesson_text(index, version, lang))
                count += 1
    return count


def main() -> int:
    """Generate, time and print; exit 1 when the goal is missed or the library has problems."""
    from curriculum import load_library, render_lesson

    label = f"{LESSONS}x{len(VERSIONS)}x{len(LANGS)}"
    with tempfile.TemporaryDirectory(prefix="curriculum-bench-") as tmp:
        root = Path(tmp)
        files = generate(root)
        size = sum(p.stat().st_size for p in root.rglob("*.md"))
        print(f"generated {files} lesson files ({size / 1e6:.1f} MB)")
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            library, problems = load_library(root)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(
            f"curriculum.load_library {label}: {median:.2f} s (goal < {GOAL_SECONDS} s) "
            f"[runs: {', '.join(f'{t:.2f}' for t in times)}]"
        )
        print(
            f"  lessons: {len(library)}, files: {sum(1 for _ in library.files())}, "
            f"problems: {len(problems)}"
        )
        lesson_file = library.lesson("lesson-000").newest.main
        start = time.perf_counter()
        render_lesson(lesson_file)
        print(
            f"curriculum.render_lesson (one lesson, on open): "
            f"{(time.perf_counter() - start) * 1000:.1f} ms"
        )
        start = time.perf_counter()
        hits = library.search("trusted adult")
        print(
            f"Library.search across {label}: {(time.perf_counter() - start) * 1000:.0f} ms "
            f"({len(hits)} hits, first search)"
        )
        for problem in problems[:5]:
            print(f"  {problem}")
    record(f"load {LESSONS} lessons x {len(VERSIONS)} versions x {len(LANGS)} languages",
           f"{median:.2f} s", f"under {GOAL_SECONDS:g} s", median < GOAL_SECONDS and not problems,
           seconds=median)
    return 0 if median < GOAL_SECONDS and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
