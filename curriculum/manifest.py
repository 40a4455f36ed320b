"""MANIFEST.json: the SHA-256 of every released lesson file, so released files never change.

``python -m curriculum.manifest --write`` adds files not yet listed (never changes an entry);
``python -m curriculum.manifest --check`` lists released files that differ from the manifest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from curriculum import frontmatter
from curriculum.layout import MANIFEST_NAME, LayoutParts, parse_relpath, walk
from curriculum.loader import content_hash
from curriculum.paths import bundled_lessons_root

Manifest = dict[str, str]


def _released_on(data: bytes) -> dt.date | None:
    """The ``released`` date in a file's front matter, or None when absent or unreadable."""
    try:
        value = frontmatter.parse(frontmatter.decode(data)).data.get("released")
    except frontmatter.FrontMatterError:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def compute_manifest(root: Path, today: dt.date | None = None) -> Manifest:
    """Layout path -> SHA-256 for every lesson file whose ``released`` date is not in the future.

    Hashes are of the bytes with line endings normalised to LF.
    """
    today = today or dt.date.today()
    found, _ = walk(Path(root))
    result: Manifest = {}
    for relpath, path in found:
        if not isinstance(parse_relpath(relpath, relpath), LayoutParts):
            continue
        data = path.read_bytes()
        released = _released_on(data)
        if released is not None and released <= today:
            result[relpath] = content_hash(data)
    return result


def read_manifest(root: Path) -> Manifest:
    """The manifest stored in ``root`` (empty when there is none); ValueError if malformed."""
    path = Path(root) / MANIFEST_NAME
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: must be a JSON object of path -> sha256")
    return dict(data)


def check_manifest(root: Path, manifest: Manifest | None = None) -> list[str]:
    """Listed files whose content differs from the manifest, or that are gone (sorted)."""
    root = Path(root)
    listed = read_manifest(root) if manifest is None else manifest
    changed: list[str] = []
    for relpath, expected in sorted(listed.items()):
        path = root / relpath
        try:
            actual = content_hash(path.read_bytes())
        except OSError:
            changed.append(relpath)
            continue
        if actual != expected:
            changed.append(relpath)
    return changed


def unlisted_files(root: Path, today: dt.date | None = None) -> list[str]:
    """Released files not yet in the manifest (run ``--write`` to add them)."""
    listed = read_manifest(Path(root))
    return sorted(set(compute_manifest(Path(root), today)) - set(listed))


def write_manifest(root: Path, today: dt.date | None = None) -> list[str]:
    """Add released files missing from the manifest; existing entries are never changed.

    Returns the layout paths added. The file is replaced atomically.
    """
    root = Path(root)
    listed = read_manifest(root)
    current = compute_manifest(root, today)
    added = sorted(set(current) - set(listed))
    if not added and (root / MANIFEST_NAME).exists():
        return []
    merged = dict(listed)
    merged.update({relpath: current[relpath] for relpath in added})
    text = json.dumps(dict(sorted(merged.items())), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".manifest-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, root / MANIFEST_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return added


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--write`` adds released files; ``--check`` exits 1 on changed or unlisted."""
    parser = argparse.ArgumentParser(prog="python -m curriculum.manifest", description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="add released files not yet listed")
    mode.add_argument("--check", action="store_true", help="report released files that changed")
    parser.add_argument(
        "--root",
        type=Path,
        default=bundled_lessons_root(),
        help="lessons folder (default: the bundled lessons)",
    )
    args = parser.parse_args(argv)
    try:
        if args.write:
            for relpath in write_manifest(args.root):
                print(f"added {relpath}")
            return 0
        changed = check_manifest(args.root)
        for relpath in changed:
            print(
                f"{relpath}: differs from {MANIFEST_NAME} (a released file never changes; "
                "make a new version)",
                file=sys.stderr,
            )
        unlisted = unlisted_files(args.root)
        for relpath in unlisted:
            print(f"{relpath}: released but not in {MANIFEST_NAME} (run --write)", file=sys.stderr)
        return 1 if changed or unlisted else 0
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
