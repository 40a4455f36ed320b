"""The test store's staff accounts, one per role (imported by tests and conftest)."""

LEAD = "lead1"
LEAD_PASSWORD = "correct purple elephant tower"
NURSE = "nurse1"
NURSE_PASSWORD = "the nurse's own long passphrase"
EDUCATOR = "educator1"
EDUCATOR_PASSWORD = "an educator's long passphrase"
ADMIN = "admin1"
ADMIN_PASSWORD = "the administrator passphrase"
PASSWORDS = {LEAD: LEAD_PASSWORD, NURSE: NURSE_PASSWORD, EDUCATOR: EDUCATOR_PASSWORD,
             ADMIN: ADMIN_PASSWORD}
