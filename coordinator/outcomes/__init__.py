"""What became of a case: referrals, indictments and dispositions, seizures, trace requests."""
