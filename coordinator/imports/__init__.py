"""Bulk import of subject records from CSV or JSON Lines, deconflicted like any registration."""
