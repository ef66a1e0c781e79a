"""Reporting: KPIs, the monthly packet, half-year and year-end reports, WeChat disclosure."""
