-- pfms store schema 2 (SQLite): confirmations, rules, learned payees, recurring series,
-- anomaly feedback and the model registry.
ALTER TABLE txn ADD COLUMN confirmed_at TEXT;
CREATE INDEX txn_merchant ON txn(merchant_bidx);

CREATE TABLE rule (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  name              TEXT NOT NULL UNIQUE,
  category          TEXT NOT NULL,
  merchant          TEXT,
  description_regex TEXT,
  min_amount        TEXT,
  max_amount        TEXT
);

CREATE TABLE payee (
  merchant_bidx TEXT PRIMARY KEY,
  merchant      TEXT NOT NULL,
  category      TEXT NOT NULL,
  learned_at    TEXT NOT NULL
);

CREATE TABLE recurring_series (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  account         TEXT NOT NULL,
  merchant        TEXT NOT NULL,
  cadence         TEXT NOT NULL,
  expected_amount TEXT NOT NULL,
  currency        TEXT NOT NULL,
  last_date       TEXT NOT NULL,
  expected_next   TEXT NOT NULL,
  stopped         INTEGER NOT NULL,
  transaction_ids TEXT NOT NULL
);

CREATE TABLE anomaly_feedback (
  transaction_id TEXT PRIMARY KEY,
  dismissed_at   TEXT NOT NULL
);

CREATE TABLE model_blob (
  sha256 TEXT PRIMARY KEY,
  bytes  BLOB NOT NULL
);

CREATE TABLE model (
  name              TEXT    NOT NULL,
  version           INTEGER NOT NULL,
  metadata          TEXT    NOT NULL,
  sha256            TEXT    NOT NULL,
  size              INTEGER NOT NULL,
  location          TEXT,
  registered_at     TEXT    NOT NULL,
  active            INTEGER NOT NULL DEFAULT 0,
  promoted_at       TEXT,
  promotion_metrics TEXT,
  PRIMARY KEY (name, version),
  CHECK (location IS NOT NULL OR size >= 0)
);
CREATE UNIQUE INDEX model_one_active ON model(name) WHERE active = 1;
