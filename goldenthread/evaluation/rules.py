"""Rules of the evaluation area (see docs/architecture.md, 'Inside each app')."""
