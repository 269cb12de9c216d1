"""Rules of the casework area (see docs/architecture.md, 'Inside each app')."""
