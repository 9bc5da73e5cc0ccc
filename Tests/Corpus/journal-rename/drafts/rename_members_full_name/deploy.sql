-- Rename column public.members.full_name to display_name, as 0002_display_name.sql does
-- Drafted by logmedic 0.1.0 from migrations. Unvetted until `logmedic remediations approve rename_members_full_name`.

-- hazard ACQUIRES_ACCESS_EXCLUSIVE_LOCK: ACCESS EXCLUSIVE on public.members
ALTER TABLE public.members RENAME COLUMN full_name TO display_name;
