CREATE TABLE reservations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    book_id integer NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    member_id integer NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reserved_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reservations_book_member_key UNIQUE (book_id, member_id)
);
CREATE INDEX reservations_member_idx ON reservations (member_id);
