"""Rules of the disclosures area (see docs/architecture.md, 'Inside each app')."""
