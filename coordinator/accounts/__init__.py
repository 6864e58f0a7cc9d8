"""Agencies, offices, users, roles, log-in and API tokens."""
