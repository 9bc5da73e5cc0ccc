-- Removes exactly what deploy.sql created. Refuses (fails) if rows were written since, so no data is lost.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.user_invitations) OR EXISTS (SELECT 1 FROM public.pending_signup_queue) THEN
        RAISE EXCEPTION 'user_invitations or pending_signup_queue holds rows; export them before reverting';
    END IF;
END
$$;
DROP TABLE public.user_invitations;
DROP TABLE public.pending_signup_queue;
