"""The local SQLite store: schema, migrations, connections, units of work."""
