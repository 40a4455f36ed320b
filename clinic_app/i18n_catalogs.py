"""Catalog maintenance: extract UI strings into messages.pot and merge them into each .po.

`make i18n-update` runs both. The completeness test uses `extract()` too, so a string
added to the code without translations fails the suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from clinic_app.paths import translations_dir

SOURCE_ROOT = Path(__file__).resolve().parent
KEYWORDS = {
    "_": None,
    "gettext": None,  # text in a chosen language: translations(code).gettext("...")
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}
TRANSLATED_LANGUAGES = ("es", "hmn", "so")


def extract() -> Catalog:
    """Every translatable UI string in clinic_app/, with its context."""
    catalog = Catalog(project="clinic-app", msgid_bugs_address="", fuzzy=False)
    found = extract_from_dir(
        str(SOURCE_ROOT), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("Translators:",),
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(f"clinic_app/{filename}", lineno)],
                    auto_comments=comments, context=context)
    return catalog


def write_template(folder: Path) -> Path:
    path = folder / "messages.pot"
    with path.open("wb") as handle:
        write_po(handle, extract(), width=100, include_lineno=False, omit_header=False,
                 sort_output=True)
    return path


def update_catalogs(folder: Path) -> None:
    """Merge the template into each language's .po, keeping existing translations."""
    with (folder / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    for code in TRANSLATED_LANGUAGES:
        path = folder / f"{code}.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, update_header_comment=False)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, include_lineno=False, sort_output=True,
                     ignore_obsolete=True)


def untranslated(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Per language, the messages with no (or a fuzzy) translation: the translators' to-do."""
    result: dict[str, list[dict[str, object]]] = {}
    for code in TRANSLATED_LANGUAGES:
        with (folder / f"{code}.po").open("rb") as handle:
            catalog = read_po(handle)
        todo: list[dict[str, object]] = []
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and (message.fuzzy or not all(strings)):
                todo.append({"context": message.context, "id": message.id})
        result[code] = todo
    return result


def main(argv: list[str]) -> int:
    folder = translations_dir()
    if argv[:1] == ["extract"]:
        print(write_template(folder))
    elif argv[:1] == ["update"]:
        update_catalogs(folder)
    elif argv[:1] == ["missing"]:
        import json

        print(json.dumps(untranslated(folder), indent=1, ensure_ascii=False))
    else:
        print("usage: python -m clinic_app.i18n_catalogs extract|update|missing", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
