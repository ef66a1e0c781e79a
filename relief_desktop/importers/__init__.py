"""File -> rows with problems. Importers never write the store; services commit after a preview."""
