-- pfms store schema 1 (SQLite): statements, transactions, corrections.
-- Personal columns (account, description, merchant) hold FieldProtector output; *_bidx its blind index.
CREATE TABLE statement (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  source      TEXT    NOT NULL,
  imported_at TEXT    NOT NULL,
  added       INTEGER NOT NULL,
  skipped     INTEGER NOT NULL,
  rejected    INTEGER NOT NULL
);

CREATE TABLE txn (
  id               TEXT    PRIMARY KEY,
  statement_id     INTEGER NOT NULL REFERENCES statement(id),
  account          TEXT    NOT NULL,
  account_bidx     TEXT    NOT NULL,
  booking_date     TEXT    NOT NULL,
  value_date       TEXT,
  amount           TEXT    NOT NULL,
  currency         TEXT    NOT NULL,
  description      TEXT    NOT NULL,
  merchant         TEXT    NOT NULL,
  merchant_bidx    TEXT    NOT NULL,
  reference        TEXT,
  balance          TEXT,
  category         TEXT,
  category_primary TEXT,
  category_source  TEXT CHECK (category_source IN ('RULE', 'MODEL', 'USER')),
  model_version    TEXT,
  source           TEXT    NOT NULL,
  line             INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX txn_account ON txn(account_bidx, booking_date);
CREATE INDEX txn_statement ON txn(statement_id);

CREATE TABLE correction (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id TEXT NOT NULL,
  merchant       TEXT NOT NULL,
  description    TEXT NOT NULL,
  amount         TEXT NOT NULL,
  currency       TEXT NOT NULL,
  booking_date   TEXT NOT NULL,
  category       TEXT NOT NULL,
  corrected_at   TEXT NOT NULL
);
CREATE INDEX correction_txn ON correction(transaction_id);
