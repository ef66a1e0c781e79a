"""Operational ledgers (台账) on one declarative mechanism: declare a ledger once, get its table,
form, validation, Excel sheet and import."""
