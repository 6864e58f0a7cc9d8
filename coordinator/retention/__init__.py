"""28 CFR Part 23 retention: criminal intelligence is reviewed five years after entry or validation.

The owning agency's supervisors see what is due, and validate it (their
name, the date, the reason) or purge it. A purged record leaves no trace in
matching (its keys), the graph (its links), the case's associations or any
list or export; the audit trail and the review log keep that it was purged.
"""
