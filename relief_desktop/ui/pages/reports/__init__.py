"""The tabs of the 报送 page (ui.pages.reports_page) and what they share."""
