"""`python -m clinic_app` runs the same entry point as the `clinic-app` script."""

from clinic_app.cli import main

raise SystemExit(main())
