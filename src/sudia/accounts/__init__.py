"""Accounts: users and groups, passwords, API tokens, web sessions, OpenID Connect login."""
