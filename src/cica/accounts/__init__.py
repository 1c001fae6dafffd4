"""Accounts: users, web sessions, API tokens, sign-in, and delegations' contact details."""
