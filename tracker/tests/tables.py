"""Every table of a PostgreSQL database with its row count and a checksum of its rows, to show
that two databases, or one before and after something, hold the same rows."""

import psycopg
from psycopg import sql

TABLES_SQL = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
# Each row as its text, sorted: the same rows give the same checksum, whatever their order.
CHECKSUM_SQL = "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"


def table_figures(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and checksum, in the database at ``url``."""
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
        tables = [name for (name,) in db.execute(TABLES_SQL)]
        return {
            name: db.execute(sql.SQL(CHECKSUM_SQL).format(sql.Identifier(name))).fetchone() for name in tables
        }
