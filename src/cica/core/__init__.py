"""Shared plumbing: settings, database, errors, i18n, and the assembly of the web app and CLI."""
