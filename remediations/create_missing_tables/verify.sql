-- Returns one row per thing that is not as deploy.sql makes it; no rows means verified.
WITH expected(relation, kind, name) AS (
    VALUES
        ('public.user_invitations', 'index', 'ix_user_invitations_email'),
        ('public.user_invitations', 'index', 'ix_user_invitations_invitation_token'),
        ('public.user_invitations', 'index', 'ix_user_invitations_status'),
        ('public.user_invitations', 'index', 'ix_user_invitations_expires_at'),
        ('public.user_invitations', 'index', 'ix_user_invitations_user_id'),
        ('public.pending_signup_queue', 'index', 'ix_pending_signup_queue_email'),
        ('public.pending_signup_queue', 'index', 'ix_pending_signup_queue_status'),
        ('public.pending_signup_queue', 'index', 'ix_pending_signup_queue_created_at')
)
SELECT 'missing table' AS problem, r.relation AS detail
FROM (VALUES ('public.user_invitations'), ('public.pending_signup_queue')) AS r(relation)
WHERE to_regclass(r.relation) IS NULL
UNION ALL
SELECT 'missing index', e.name
FROM expected e
WHERE to_regclass('public.' || e.name) IS NULL
UNION ALL
SELECT 'token is not unique', 'ix_user_invitations_invitation_token'
FROM pg_index i
WHERE i.indexrelid = to_regclass('public.ix_user_invitations_invitation_token') AND NOT i.indisunique
UNION ALL
SELECT 'foreign key does not SET NULL on delete', c.conname
FROM pg_constraint c
WHERE c.contype = 'f'
  AND c.conrelid IN (to_regclass('public.user_invitations'), to_regclass('public.pending_signup_queue'))
  AND c.confdeltype <> 'n'
UNION ALL
SELECT 'foreign keys missing', count(*)::text
FROM pg_constraint c
WHERE c.contype = 'f'
  AND c.conrelid IN (to_regclass('public.user_invitations'), to_regclass('public.pending_signup_queue'))
HAVING count(*) <> 3;
