-- pfms store schema 3 (SQLite): the JDBC consent ledger (dev.pfms.store.JdbcConsentLedger).
-- Each row is one hash-chained, Ed25519-signed entry; the columns are exactly the canonical fields
-- of dev.pfms.api.consent.ConsentChain (instants as Instant.toString() text, so the hash recomputes
-- byte for byte). The signing key is never stored in this database.
CREATE TABLE consent_entry (
  seq         INTEGER PRIMARY KEY,
  subject     TEXT    NOT NULL,
  purpose     TEXT    NOT NULL,
  scope       TEXT    NOT NULL,
  granted     INTEGER NOT NULL,
  recorded_at TEXT    NOT NULL,
  expiry      TEXT,
  actor       TEXT    NOT NULL,
  prev        TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  sig         TEXT    NOT NULL
);

-- The latest signed checkpoint (entry count, last hash, counter, time), one row.
CREATE TABLE consent_checkpoint (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT    NOT NULL
);
