"""The permission layer every capability enforces: actors, the permission table, the guard,
the route gates and classification. Accounts (who the users are) live in `cica.accounts`."""
