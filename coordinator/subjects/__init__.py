"""Subject records: what one agency knows of one person or thing in a case."""
