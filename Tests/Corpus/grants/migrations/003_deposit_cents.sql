-- Deposits in euros and cents.
ALTER TABLE loans ALTER COLUMN deposit TYPE numeric(8,2) USING deposit::numeric(8,2);
