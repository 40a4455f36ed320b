"""Export writers: CSV (UTF-8, or with a byte-order mark for Excel), XLSX with a notes
sheet, and JSON. Each file states the clinic, period, generation time, app version, the
instrument and lesson versions counted and the suppression rule, and what was hidden.

Files are written next to the target and moved into place, so a failed export leaves no
half-written file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from clinic_app.errors import ValidationError
from clinic_app.files import atomic_path
from clinic_app.i18n import _
from clinic_app.reports.model import Report, Table
from clinic_app.reports.notes import (
    MARK,
    TOTAL,
    dim_title,
    hidden_lines,
    measure_title,
    metadata_items,
    rule_text,
    table_title,
    value_label,
)

FORMATS = ("csv", "xlsx", "json")
JSON_FORMAT = "clinic-app/counts"
JSON_FORMAT_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown export format '{name}': use csv, xlsx or json.").format(
            name=fmt))
    return fmt


def write_report(report: Report, fmt: str, path: Path, *, excel: bool = False) -> None:
    """Write `report` as csv, xlsx or json. `excel` adds a byte-order mark to CSV so Excel
    reads it as UTF-8 (Hmong and Somali letters, Spanish accents stay intact)."""
    check_format(fmt)
    writers: dict[str, Callable[[Report, Path], None]] = {
        "csv": lambda r, p: _write_csv(r, p, excel),
        "xlsx": _write_xlsx,
        "json": _write_json,
    }
    path = Path(path)
    if not path.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(path=path.parent))
    with atomic_path(path) as temp:
        writers[fmt](report, temp)


def _all_dims(report: Report) -> list[str]:
    dims: list[str] = []
    for table in report.tables:
        dims.extend(d for d in table.dims if d not in dims)
    return dims


def _rows(table: Table, dims: list[str]) -> Iterator[tuple[list[str], str, int | None,
                                                           float | None]]:
    """(breakdown columns, measure, value, percent) for every cell and measure."""
    for key in table.keys():
        by_dim = dict(zip(table.dims, key, strict=True))
        columns = [("" if d not in by_dim else TOTAL if by_dim[d] is None else str(by_dim[d]))
                   for d in dims]
        values = table.cells[key]
        for index, measure in enumerate(table.measures):
            yield columns, measure, values[index], table.percent(key, measure)


def _text(value: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


# -- CSV ----------------------------------------------------------------------------------
def _write_csv(report: Report, path: Path, excel: bool) -> None:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(["# " + _("clinic-app anonymized counts"), ""])
    for label, value in metadata_items(report):
        out.writerow(["# " + label, _text(value)])
    out.writerow([])
    dims = _all_dims(report)
    out.writerow(["table", *dims, "measure", "count", "percent"])
    for table in report.tables:
        for columns, measure, count, percent in _rows(table, dims):
            out.writerow([table.spec.name, *(_text(c) for c in columns), measure,
                          MARK if count is None else count,
                          "" if percent is None else f"{percent:.1f}"])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if excel else "utf-8", newline="")


# -- JSON ---------------------------------------------------------------------------------
def report_json(report: Report) -> dict[str, Any]:
    """The JSON document: hidden values are null and listed in the row's "suppressed"."""
    meta = report.metadata
    tables = []
    for table in report.tables:
        rows = []
        for key in table.keys():
            row: dict[str, Any] = dict(zip(table.dims, key, strict=True))
            values = table.cells[key]
            row.update(zip(table.measures, values, strict=True))
            row["suppressed"] = [m for m, v in zip(table.measures, values, strict=True)
                                 if v is None]
            if table.measures == ("screenings",):
                row["percent"] = table.percent(key, "screenings")
            rows.append(row)
        tables.append({"name": table.spec.name, "source": table.spec.source,
                       "title": table_title(table), "breakdowns": list(table.dims),
                       "measures": list(table.measures),
                       "values": {d: list(table.domains[d]) for d in table.dims},
                       "hidden_cells": {m: table.hidden(m) for m in table.measures},
                       "rows": rows})
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "clinic": meta.clinic,
        "period": {"from": meta.start, "to": meta.end},
        "generated_at": meta.generated_at,
        "follow_up_status_as_of": meta.as_of,
        "app_version": meta.app_version,
        "instrument_versions": list(meta.instruments),
        "lesson_versions": list(meta.lessons),
        "synthetic_records": meta.synthetic,
        "suppression": {"threshold": meta.threshold, "rule": rule_text(meta.threshold),
                        "hidden": hidden_lines(report),
                        "note": _("A null count with its measure listed in 'suppressed' is "
                                  "hidden; a null breakdown value is the total over it.")},
        "tables": tables,
    }


def _write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report_json(report), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")


# -- XLSX ---------------------------------------------------------------------------------
def _write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    notes = book.active
    assert notes is not None  # a new workbook has one sheet
    notes.title = _sheet_name(_("Notes"), set())
    bold = Font(bold=True)
    heading = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    notes.append([_("clinic-app anonymized counts")])
    notes["A1"].font = heading
    for label, text in metadata_items(report):
        notes.append([label, ""])
        row = notes.max_row
        notes.cell(row, 1).font = bold
        _set_text(notes.cell(row, 2), text)
        notes.cell(row, 2).alignment = wrap
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 100
    header_fill = PatternFill("solid", fgColor="DCE6F0")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    hidden_font = Font(italic=True, color="7F7F7F")
    used: set[str] = {notes.title}
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(table_title(table), used))
        used.add(sheet.title)
        header = [dim_title(d) for d in table.dims]
        for measure in table.measures:
            header.append(measure_title(measure))
        if table.measures == ("screenings",) and table.dims:
            # A whole phrase per language: never a translated fragment lower-cased into it.
            header.append(_("{breakdown}: share of total (%)").format(
                breakdown=dim_title(table.dims[-1])))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for key in table.keys():
            values = table.cells[key]
            sheet.append([None] * len(header))
            row = sheet.max_row
            for col, (dim, value) in enumerate(zip(table.dims, key, strict=True), start=1):
                _set_text(sheet.cell(row, col), value_label(dim, value))
            col = len(table.dims) + 1
            for count in values:
                cell = sheet.cell(row, col)
                if count is None:
                    cell.value = MARK
                    cell.font = hidden_font
                    cell.alignment = Alignment(horizontal="right")
                else:
                    cell.value = count
                    cell.number_format = "#,##0"
                col += 1
            if len(header) > col - 1:
                percent = table.percent(key, "screenings")
                cell = sheet.cell(row, col)
                if percent is not None:
                    cell.value = percent / 100
                    cell.number_format = "0.0%"
            if None in key:
                for cell in sheet[row]:
                    cell.fill = total_fill
        sheet.freeze_panes = "A2"
        for col in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 18
    book.properties.creator = "clinic-app"  # never a user name
    book.properties.lastModifiedBy = "clinic-app"
    _save_in_memory(book, path)


def _set_text(cell: Any, value: str) -> None:
    """A text cell that Excel will not evaluate, even if it starts with '='."""
    cell.value = value
    cell.data_type = "s"


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    return name


def _save_in_memory(book: Any, path: Path) -> None:
    """Save like `Workbook.save`, but build each sheet in memory: openpyxl otherwise
    writes every sheet, site names included, to a plain file in the system temp folder."""
    import datetime as dt
    import zipfile

    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class _InMemoryWriter(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:
            from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            # private openpyxl attributes, as in ExcelWriter.write_worksheet (not in its stubs)
            ws._rels = writer._rels  # type: ignore[attr-defined]
            self._archive.writestr(ws.path[1:], writer.read())  # type: ignore[attr-defined]
            self.manifest.append(ws)

    book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _InMemoryWriter(book, archive).save()
