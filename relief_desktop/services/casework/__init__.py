"""Casework (DOMAIN.md §3): cases, assessments, plans, service records, closure, surveys, tasks.

Reads use the store's plain sqlite3 reader; writes go through `Store.write` (one user action,
one transaction, change log inside). Cases are named by uuid; every result is a frozen value.
"""
