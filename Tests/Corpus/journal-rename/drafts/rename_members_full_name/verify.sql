-- One row per name that deploy.sql did not leave as the migration does; no rows means verified.
SELECT 'missing' AS problem, 'public.members.display_name' AS name WHERE NOT EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = 'members' AND a.attname = 'display_name' AND a.attnum > 0 AND NOT a.attisdropped)
UNION ALL
SELECT 'still there' AS problem, 'public.members.full_name' AS name WHERE EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = 'members' AND a.attname = 'full_name' AND a.attnum > 0 AND NOT a.attisdropped);
