"""The lessons workspace: browse and read lessons, log deliveries, import lesson packs."""

from clinic_app.ui.lessons.page import LessonsPage

__all__ = ["LessonsPage"]
