"""The registry of organisations and participants, and registrations to sessions."""
