"""Writers: one per format. Reports are data first; these turn the data into files."""
