"""Every colour of the desktop app, named by what it means.

resources/app.qss refers to these by name (``$error``, ``$level_clear_text``; see
`qss_values`), and code that must paint a colour itself (item model roles, table cells,
QtCharts) imports them from here, so each colour is chosen once. Printed handouts keep
their own print colours in clinic_app/handouts/styles.py.

Text colours meet WCAG AA (4.5:1) on their background, and where a swatch has none,
on white and on the window grey (tests/ui/test_palette.py checks every one).
"""

from __future__ import annotations

from dataclasses import dataclass

import screening


@dataclass(frozen=True)
class Swatch:
    """A text colour and its background ("": the background of the view it is shown in)."""

    text: str
    background: str = ""


WHITE = "#ffffff"
WINDOW = "#efefef"
"""Qt's own window grey (Fusion): labels without a background of their own sit on it."""

# -- text ------------------------------------------------------------------------------
TEXT = "#24292f"
INK = "#1f3b57"
"""Headings, counts and chart text of the Reports dashboard."""
MUTED = "#5f6368"
"""Hints, captions and explanations."""
ERROR = "#b00020"
"""The one-line message of a refused action."""
SUCCESS = "#14532d"
"""'Saved' messages; the same green as a done follow-up."""
WARNING = "#8a2a00"
"""Notices that need attention but did not fail (stale translation, missing contacts)."""

# -- states of a record (lists, the record dialog, the day lists) ------------------------
STATES: dict[str, Swatch] = {
    "overdue": Swatch("#8b0000", "#fde2e1"),
    "pending": Swatch("#6b4a00", "#fbeec2"),
    "done": Swatch(SUCCESS),
    "muted": Swatch(MUTED),
}
DRIVER = Swatch("#5c3c00", "#fff1c2")
"""An answer that drove the level of concern."""
RED_FLAG = STATES["overdue"]
"""A red-flag answer answered yes."""

# -- levels of concern: the records list, the record's badge, the result page ------------
LEVELS: dict[str, Swatch] = {
    screening.NONE: Swatch("#3c4043"),
    screening.INCOMPLETE: Swatch("#4b2e83", "#ece6f6"),
    screening.POSSIBLE: Swatch("#6b4a00", "#fbeec2"),
    screening.CLEAR: Swatch("#8b0000", "#fde2e1"),
}
BADGE = "#e8eaed"
"""The background of a badge whose swatch has none (the level 'none')."""

# -- translation statuses of a lesson (badges) --------------------------------------------
TRANSLATION_STATUSES: dict[str, Swatch] = {
    "source": Swatch("#1d3f6e", "#dce7f7"),
    "draft": Swatch("#6b4a00", "#fbeec2"),
    "reviewed": Swatch("#14532d", "#d3f0dc"),
    "stale": Swatch("#8a2a00", "#fddccb"),
    "missing": Swatch("#555555", "#e8e8e8"),
}

# -- surfaces and lines ------------------------------------------------------------------
PANEL = "#f6f8fa"
"""Filter bars, the privacy script, the Reports page behind its cards."""
HEADER = "#eef1f4"
"""Table headers and section rows."""
BORDER = "#d0d7de"
GRID = "#e3e6ea"
SELECTION = "#cfe3fb"
SELECTION_TEXT = "#111111"
BANNER = "#fff8c5"
BANNER_BORDER = "#d4a72c"
FOCUS = "#f3f8ff"
FOCUS_BORDER = "#1f6feb"
CHECKED = "#0969da"
CHECKED_BORDER = "#0550ae"
CHECKED_TEXT = WHITE
REQUIRED = "#fff7f7"
"""Behind a mandated report that is required (framed in ERROR)."""

# -- charts (fills, not text: mid tones that tell the bars apart) -----------------------
CHART_LEVELS: dict[str, str] = {
    screening.NONE: "#9db7d5",
    screening.INCOMPLETE: "#a28fc4",
    screening.POSSIBLE: "#f0ad3c",
    screening.CLEAR: "#b8342b",
}
CHART_FOLLOW_UPS: dict[str, str] = {"done": "#3f8f5f", "open": "#7fb0e0", "overdue": "#e0702a"}
CHART_REFERRALS = "#2e6f9e"
CHART_REPORTS = "#8e44ad"
CHART_LESSONS: dict[str, str] = {"students": "#66a3a3", "deliveries": "#254e70"}
CHART_HIDDEN = "#c9ccd1"
"""Hidden counts drawn together."""
CHART_MARK = "#7a4b00"
"""The '*' over a hidden count."""
CHART_BACKGROUND = WHITE


def qss_values() -> dict[str, str]:
    """The names app.qss may use (``$name``): every single colour above in lower case,
    and ``level_<level>_text`` / ``_background``, ``state_<state>_...``,
    ``status_<status>_...`` for the swatches (an empty background becomes BADGE)."""
    values = {name.lower(): value for name, value in globals().items()
              if name.isupper() and isinstance(value, str)}
    for prefix, swatches in (("level", LEVELS), ("state", STATES),
                             ("status", TRANSLATION_STATUSES)):
        for key, swatch in swatches.items():
            values[f"{prefix}_{key}_text"] = swatch.text
            values[f"{prefix}_{key}_background"] = swatch.background or BADGE
    return values
