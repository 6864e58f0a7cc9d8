"""The supervisors' review: the alert queue, match review, clearance requests."""
