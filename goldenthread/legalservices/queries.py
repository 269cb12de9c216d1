"""Queries of the legalservices area (see docs/architecture.md, 'Inside each app')."""
