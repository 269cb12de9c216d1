"""Actions of the legal area (see docs/architecture.md, 'Inside each app')."""
