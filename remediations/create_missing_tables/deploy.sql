-- Creates the two tables declared in app/models/invitation.py but never migrated.
CREATE TABLE public.user_invitations (
    id                  serial PRIMARY KEY,
    email               varchar(255) NOT NULL,
    user_id             integer REFERENCES public.users (id) ON DELETE SET NULL,
    invitation_token    varchar(128) NOT NULL,
    user_type           varchar(32)  NOT NULL DEFAULT 'member',
    status              varchar(20)  NOT NULL DEFAULT 'pending',
    invited_by          integer REFERENCES public.users (id) ON DELETE SET NULL,
    invitation_message  text,
    expires_at          timestamptz  NOT NULL,
    accepted_at         timestamptz,
    cancelled_at        timestamptz,
    invitation_metadata jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX ix_user_invitations_email ON public.user_invitations (email);
CREATE UNIQUE INDEX ix_user_invitations_invitation_token ON public.user_invitations (invitation_token);
CREATE INDEX ix_user_invitations_status ON public.user_invitations (status);
CREATE INDEX ix_user_invitations_expires_at ON public.user_invitations (expires_at);
CREATE INDEX ix_user_invitations_user_id ON public.user_invitations (user_id);

CREATE TABLE public.pending_signup_queue (
    id              serial PRIMARY KEY,
    email           varchar(255) NOT NULL,
    first_name      varchar(100),
    last_name       varchar(100),
    company         varchar(200),
    user_type       varchar(32)  NOT NULL DEFAULT 'member',
    status          varchar(20)  NOT NULL DEFAULT 'pending',
    reviewed_by     integer REFERENCES public.users (id) ON DELETE SET NULL,
    reviewed_at     timestamptz,
    review_notes    text,
    signup_metadata jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX ix_pending_signup_queue_email ON public.pending_signup_queue (email);
CREATE INDEX ix_pending_signup_queue_status ON public.pending_signup_queue (status);
CREATE INDEX ix_pending_signup_queue_created_at ON public.pending_signup_queue (created_at);
