-- pfms store schema 7 (SQLite): how the personal fields are stored (recorded once, checked at every
-- open, so a store written with field encryption is never read without its keys, nor plaintext rows
-- mixed with encrypted ones), and the learned payees (raw-description key -> canonical payee, issue
-- #12), one row per teaching, replayed in order. Key and payee are protected like descriptions.
CREATE TABLE store_protection (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  encrypted   INTEGER NOT NULL,
  canary      TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

CREATE TABLE payee_teaching (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  key_bidx TEXT NOT NULL,
  key_text TEXT NOT NULL,
  payee    TEXT NOT NULL,
  source   TEXT NOT NULL,
  taught_at TEXT NOT NULL
);
CREATE INDEX payee_teaching_key ON payee_teaching(key_bidx);
