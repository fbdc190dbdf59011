"""Accounts: users, passwords, sessions, personal access tokens, CSRF, and who is asking (the viewer)."""
