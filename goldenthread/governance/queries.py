"""Queries of the governance area (see docs/architecture.md, 'Inside each app')."""
