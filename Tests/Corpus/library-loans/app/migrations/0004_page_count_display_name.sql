ALTER TABLE books ADD COLUMN page_count integer CHECK (page_count > 0);
ALTER TABLE members RENAME COLUMN full_name TO display_name;
