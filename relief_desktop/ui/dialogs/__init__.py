"""Dialogs: first run, choosing the worker, beneficiary intake."""
