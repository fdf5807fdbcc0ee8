-- pfms store schema 7 (PostgreSQL): how the personal fields are stored (recorded once, checked at
-- every open, so a store written with field encryption is never read without its keys, nor plaintext
-- rows mixed with encrypted ones), and the learned payees (raw-description key -> canonical payee,
-- issue #12), one row per teaching, replayed in order. Key and payee are protected like descriptions.
CREATE TABLE store_protection (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  encrypted   BOOLEAN NOT NULL,
  canary      TEXT NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE payee_teaching (
  seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_bidx  TEXT NOT NULL,
  key_text  TEXT NOT NULL,
  payee     TEXT NOT NULL,
  source    TEXT NOT NULL,
  taught_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payee_teaching_key ON payee_teaching(key_bidx);
