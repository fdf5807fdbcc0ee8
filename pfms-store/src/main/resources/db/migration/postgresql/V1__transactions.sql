-- pfms store schema 1 (PostgreSQL): statements, transactions, corrections.
-- Personal columns (account, description, merchant) hold FieldProtector output; *_bidx its blind index.
CREATE TABLE statement (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source      TEXT    NOT NULL,
  imported_at TIMESTAMPTZ   NOT NULL,
  added       INTEGER NOT NULL,
  skipped     INTEGER NOT NULL,
  rejected    INTEGER NOT NULL
);

CREATE TABLE txn (
  id               TEXT    PRIMARY KEY,
  statement_id     BIGINT NOT NULL REFERENCES statement(id),
  account          TEXT    NOT NULL,
  account_bidx     TEXT    NOT NULL,
  booking_date     DATE    NOT NULL,
  value_date       DATE,
  amount           NUMERIC   NOT NULL,
  currency         TEXT    NOT NULL,
  description      TEXT    NOT NULL,
  merchant         TEXT    NOT NULL,
  merchant_bidx    TEXT    NOT NULL,
  reference        TEXT,
  balance          NUMERIC,
  category         TEXT,
  category_primary TEXT,
  category_source  TEXT CHECK (category_source IN ('RULE', 'MODEL', 'USER')),
  model_version    TEXT,
  source           TEXT    NOT NULL,
  line             BIGINT  NOT NULL
);

CREATE INDEX txn_account ON txn(account_bidx, booking_date);
CREATE INDEX txn_statement ON txn(statement_id);

CREATE TABLE correction (
  seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id TEXT NOT NULL,
  merchant       TEXT NOT NULL,
  description    TEXT NOT NULL,
  amount         NUMERIC NOT NULL,
  currency       TEXT NOT NULL,
  booking_date   DATE NOT NULL,
  category       TEXT NOT NULL,
  corrected_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX correction_txn ON correction(transaction_id);
