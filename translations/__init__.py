"""Data package: gettext catalogs (messages.pot, <lang>.po).

Installed as clinic_app.translations."""
