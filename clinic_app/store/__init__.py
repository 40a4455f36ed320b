"""The encrypted local store: SQLCipher database, key slots, migrations, one facade."""
