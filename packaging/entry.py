"""The bundle's entry point: the same as the `clinic-app` script of the wheel."""

from clinic_app.cli import main

raise SystemExit(main())
