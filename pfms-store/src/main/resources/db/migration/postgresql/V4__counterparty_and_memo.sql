-- pfms store schema 4 (PostgreSQL): what the bank says apart from the description (issue #13):
-- the counterparty's name and account (as ingestion gives it: masked) and the memo / remittance text.
-- Personal columns: they hold FieldProtector output, like account and description. Rows stored before
-- keep NULL (the statement they came from did not say, or pfms did not read it yet).
ALTER TABLE txn ADD COLUMN counterparty TEXT, ADD COLUMN counterparty_account TEXT, ADD COLUMN memo TEXT;
