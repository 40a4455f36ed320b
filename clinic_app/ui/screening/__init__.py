"""The screening workspace: the guided screening, the records list, follow-up and reports."""
