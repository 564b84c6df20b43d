"""Logging in and out, the account page, and the `users` command line."""
