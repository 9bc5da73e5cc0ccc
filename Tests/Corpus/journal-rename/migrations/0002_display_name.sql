ALTER TABLE members RENAME COLUMN full_name TO display_name;
