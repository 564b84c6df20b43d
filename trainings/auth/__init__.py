"""Logging in and out, and the account page."""
