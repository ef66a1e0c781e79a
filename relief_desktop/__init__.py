"""relief_desktop: offline desktop workbench of Chenghua's street care-and-assistance centers."""

__version__ = "0.1.0"
