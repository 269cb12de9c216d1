"""Rules of the referrals area (see docs/architecture.md, 'Inside each app')."""
