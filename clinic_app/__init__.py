"""clinic-app: screening, lessons and anonymized counts for school-based health clinics."""

__version__ = "0.1.0"
