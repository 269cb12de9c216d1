"""Pure access rules."""
