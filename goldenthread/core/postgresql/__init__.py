"""Django's PostgreSQL backend with psycopg's own (C) timestamptz loader: see ``base``."""
