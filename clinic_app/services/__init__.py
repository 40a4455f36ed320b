"""Services: work that combines the store with files, the lesson library or PDFs (no Qt).

A service takes the signed-in store and calls its named operations; it never opens a
transaction itself. Permissions are checked here as well as in the store, whatever the
caller hides. See docs/architecture.md for which layer a new feature belongs in.
"""
