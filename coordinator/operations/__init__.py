"""Operations: the planned actions of a case, in a place and a time window."""
