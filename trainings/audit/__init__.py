"""The audit log: one append-only record of who did what to accounts and personal data."""
