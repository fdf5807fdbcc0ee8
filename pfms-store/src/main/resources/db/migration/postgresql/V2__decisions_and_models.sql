-- pfms store schema 2 (PostgreSQL): confirmations, rules, learned payees, recurring series,
-- anomaly feedback and the model registry.
ALTER TABLE txn ADD COLUMN confirmed_at TIMESTAMPTZ;
CREATE INDEX txn_merchant ON txn(merchant_bidx);

CREATE TABLE rule (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE,
  category          TEXT NOT NULL,
  merchant          TEXT,
  description_regex TEXT,
  min_amount        NUMERIC,
  max_amount        NUMERIC
);

CREATE TABLE payee (
  merchant_bidx TEXT PRIMARY KEY,
  merchant      TEXT NOT NULL,
  category      TEXT NOT NULL,
  learned_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE recurring_series (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account         TEXT NOT NULL,
  merchant        TEXT NOT NULL,
  cadence         TEXT NOT NULL,
  expected_amount NUMERIC NOT NULL,
  currency        TEXT NOT NULL,
  last_date       DATE NOT NULL,
  expected_next   DATE NOT NULL,
  stopped         BOOLEAN NOT NULL,
  transaction_ids TEXT NOT NULL
);

CREATE TABLE anomaly_feedback (
  transaction_id TEXT PRIMARY KEY,
  dismissed_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE model_blob (
  sha256 TEXT PRIMARY KEY,
  bytes  BYTEA NOT NULL
);

CREATE TABLE model (
  name              TEXT    NOT NULL,
  version           INTEGER NOT NULL,
  metadata          TEXT    NOT NULL,
  sha256            TEXT    NOT NULL,
  size              BIGINT  NOT NULL,
  location          TEXT,
  registered_at     TIMESTAMPTZ   NOT NULL,
  active            BOOLEAN NOT NULL DEFAULT FALSE,
  promoted_at       TIMESTAMPTZ,
  promotion_metrics TEXT,
  PRIMARY KEY (name, version),
  CHECK (location IS NOT NULL OR size >= 0)
);
CREATE UNIQUE INDEX model_one_active ON model(name) WHERE active;
