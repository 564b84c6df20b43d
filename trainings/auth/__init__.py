"""Staff accounts: logging in and out, the account page, API tokens."""
