CREATE TABLE members (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    full_name text NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE books (
    id serial PRIMARY KEY,
    isbn text NOT NULL UNIQUE,
    title text NOT NULL,
    author text NOT NULL
);
CREATE TABLE loans (
    id serial PRIMARY KEY,
    book_id integer NOT NULL REFERENCES books(id),
    member_id integer NOT NULL REFERENCES members(id),
    loaned_at timestamptz NOT NULL DEFAULT now(),
    due_at timestamptz NOT NULL
);
