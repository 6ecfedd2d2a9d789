CREATE SCHEMA shop;
CREATE TYPE address AS (street text, city text, location point);
CREATE TYPE shop.customer AS (name text, home address, others address[], credit numeric);
CREATE TABLE customers (id bigserial PRIMARY KEY, c shop.customer);
GRANT USAGE ON SCHEMA shop TO app;
