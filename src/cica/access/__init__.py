"""Identities, delegations, sign-in and the permission table every capability enforces."""
