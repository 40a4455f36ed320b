"""Data package: fonts, password blocklist, default contacts. Installed as clinic_app.resources."""
