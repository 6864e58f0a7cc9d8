"""The watch centre: a live board of critical alerts, its officers' calls, and escalation of unacknowledged ones."""
