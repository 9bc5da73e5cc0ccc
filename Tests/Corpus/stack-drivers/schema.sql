-- The shop every app of this corpus fails against (capture.sh loads it into one database per app).
CREATE TABLE customers (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name varchar(20)
);
CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    total numeric(10,2) NOT NULL CHECK (total >= 0),
    quantity smallint NOT NULL DEFAULT 1
);
CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL);
CREATE TABLE audit_log (id serial PRIMARY KEY, entry text NOT NULL);
-- The apps log in as shop, which may read and write the shop's tables but not the audit log.
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, orders, accounts TO shop;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO shop;
INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada'), ('bob@example.com', 'Bob');
INSERT INTO accounts VALUES (1, 100), (2, 100);
