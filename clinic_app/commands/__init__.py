"""Command-line commands, one module per domain; each exposes `register(subparsers)`."""
