"""Knowledge base of the observatory: one Protocol, SQLite and PostgreSQL backends."""
