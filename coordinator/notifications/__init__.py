"""Notifications: in-app at once, by email through an outbox that retries and never loses one."""
