-- The database as it stands in "production": migrations 0004/0005 never ran, and someone renamed a column by hand.
CREATE TYPE visit_state AS ENUM ('booked', 'checked_in', 'done', 'cancelled');   -- app also uses 'no_show'

CREATE TABLE clinicians (
    id serial PRIMARY KEY,
    display_name text NOT NULL,
    speciality text NOT NULL          -- the models call it "specialty"
);

CREATE TABLE patients (
    id serial PRIMARY KEY,
    full_name text NOT NULL,
    email text NOT NULL UNIQUE,
    mobile varchar(20),               -- the app writes international numbers with extensions
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE visits (
    id serial PRIMARY KEY,
    patient_id integer NOT NULL REFERENCES patients(id),
    clinician_id integer NOT NULL REFERENCES clinicians(id),
    starts_at timestamptz NOT NULL,
    state visit_state NOT NULL DEFAULT 'booked',
    exam_room text NOT NULL,          -- the app never sets it
    -- reminder_sent_at timestamptz   -- migration 0005 never ran
    created_at timestamptz NOT NULL DEFAULT now()
);
-- the table standby_requests (migration 0004) was never created

CREATE TABLE clinic_counters (
    name text PRIMARY KEY,
    value bigint NOT NULL DEFAULT 0
);

INSERT INTO clinicians (display_name, speciality) VALUES ('Dr. Ada Okafor', 'cardiology'), ('Dr. Lin Brandt', 'dermatology');
INSERT INTO patients (full_name, email, mobile) VALUES ('Mara Quint', 'mara@example.org', '+31 6 1234 5678');
INSERT INTO visits (patient_id, clinician_id, starts_at, state, exam_room) VALUES (1, 1, now() + interval '1 day', 'booked', 'R2');
INSERT INTO clinic_counters (name, value) VALUES ('reminders', 0), ('invoices', 0);
INSERT INTO patients (full_name, email) SELECT 'Filler ' || g, 'filler' || g || '@example.org' FROM generate_series(1, 200000) g;
