-- pfms store schema 5 (PostgreSQL): no structural change. The SQLite schema 5 turns txn into a rowid
-- table with the id in a UNIQUE index; a PostgreSQL table is already a heap with its primary key in
-- a separate index. Kept so both dialects share one schema version.
COMMENT ON TABLE txn IS 'pfms transactions, keyed by the stable content id (schema 5)';
