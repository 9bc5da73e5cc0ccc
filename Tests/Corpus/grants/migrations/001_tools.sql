CREATE TABLE tools (
    id serial PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE loans (
    id serial PRIMARY KEY,
    tool_id integer NOT NULL REFERENCES tools (id),
    borrower text NOT NULL,
    deposit integer NOT NULL DEFAULT 0,
    returned integer NOT NULL DEFAULT 0
);
