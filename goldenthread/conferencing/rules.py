"""Rules of the conferencing area (see docs/architecture.md, 'Inside each app')."""
