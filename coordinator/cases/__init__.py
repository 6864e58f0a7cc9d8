"""Investigations: each agency's cases and whom they are shared with."""
