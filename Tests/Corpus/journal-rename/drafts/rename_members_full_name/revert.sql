-- Renames public.members.display_name back to full_name, as the database was before deploy.sql (the data stays).
-- The code that expects the new name fails again afterwards.
ALTER TABLE public.members RENAME COLUMN display_name TO full_name;
