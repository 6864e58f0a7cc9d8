"""Finding records and asking before acting: the search box, its index, and deconfliction inquiries."""
