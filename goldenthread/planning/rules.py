"""Rules of the planning area (see docs/architecture.md, 'Inside each app')."""
