"""Federation: sovereign instances that deconflict with each other without handing over their data."""
