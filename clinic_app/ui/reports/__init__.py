"""Reports workspace: the lead's dashboard of anonymized, suppressed counts."""

from clinic_app.ui.reports.page import ReportsPage

__all__ = ["ReportsPage"]
