ALTER TABLE loans ADD COLUMN returned_at timestamptz;
CREATE INDEX loans_open_idx ON loans (member_id) WHERE returned_at IS NULL;
