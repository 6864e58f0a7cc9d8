"""The start page of each role and what every template can use."""
