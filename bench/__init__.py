"""Benchmarks of start-up, search latency and memory; run `python -m bench` (not a test)."""
