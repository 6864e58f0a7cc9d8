"""The link graph for its readers: a case's neighbourhood and the network report."""
