"""Account management by administrators: the account pages and `flask users`."""
