"""Account management by administrators."""
