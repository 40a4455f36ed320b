"""The Qt desktop interface: windows, dialogs and item models. No SQL here."""
