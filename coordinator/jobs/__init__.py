"""Work too long for a request, done by `flask --app coordinator jobs work` processes: a large API import."""
