"""Where the app's files live: the data folder and the bundled resources."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "clinic-app"
DATA_DIR_ENV = "CLINIC_APP_DATA_DIR"


def default_data_dir() -> Path:
    """The data folder: $CLINIC_APP_DATA_DIR, else the platform's user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resource_path(*parts: str) -> Path:
    """A file shipped in `resources/` (installed as the package clinic_app.resources)."""
    return Path(str(resources.files("clinic_app.resources").joinpath(*parts)))


def translations_dir() -> Path:
    """The folder with messages.pot and the .po catalogs."""
    return Path(str(resources.files("clinic_app.translations")))
