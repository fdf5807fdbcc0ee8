-- pfms store schema 6 (PostgreSQL): the user's decisions on transfer pairs (issue #17): a confirmed pair
-- is always one transfer, a rejected one never; the matcher decides the rest. Ids only, no personal data.
CREATE TABLE transfer_decision (
  out_id     TEXT NOT NULL,
  in_id      TEXT NOT NULL,
  confirmed  BOOLEAN NOT NULL,
  decided_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (out_id, in_id)
);
