CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE warehouses (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE items (
  id serial PRIMARY KEY,
  sku uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  name text NOT NULL,
  warehouse_id int REFERENCES warehouses(id),
  stock integer NOT NULL DEFAULT 0,
  price numeric(8,2) NOT NULL DEFAULT 1.00
);
CREATE TABLE reservations (
  id bigserial PRIMARY KEY,
  item_id int NOT NULL REFERENCES items(id),
  qty int NOT NULL,
  idempotency_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE outbox (id bigserial PRIMARY KEY, payload jsonb NOT NULL, sent_at timestamptz);
INSERT INTO warehouses(name) VALUES ('east'),('west');
INSERT INTO items(name, warehouse_id, stock, price)
  SELECT 'item-'||g, 1 + g%2, 1000, 10.00 FROM generate_series(1,50) g;
