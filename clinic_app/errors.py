"""One error hierarchy whose messages are fit to show a clinic user.

Every message is already translated when raised and never contains student data.
"""


class ClinicError(Exception):
    """A problem the user can understand and act on (CLI exit 1, one dialog line)."""


class StoreError(ClinicError):
    """The store cannot be created, opened or read."""


class NotAStoreError(StoreError):
    """The file is not a clinic-app store, or it is damaged."""


class AuthenticationError(StoreError):
    """Wrong user name or password, a locked or disabled account."""


class KeySlotDamagedError(StoreError):
    """An account's key slot cannot be read."""


class EncryptionUnavailableError(StoreError):
    """SQLCipher is missing: the app refuses to store anything in plaintext."""


class PermissionDenied(ClinicError):
    """The signed-in role may not do this."""


class ValidationError(ClinicError):
    """Input that does not meet a rule (password policy, a name, a date)."""
