"""Dissemination: the owning agency shares a case with another agency, on the record.

Need to know is the rule (a conflict tells the other side only that the
record exists, why it matched and whom to call); reading more is a grant
the owning agency makes explicitly, with a reason, and every grant is a
``Dissemination`` (28 CFR 23.20(e)): who released what, to whom, why, when.
"""
