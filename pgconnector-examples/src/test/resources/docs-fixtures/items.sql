CREATE TABLE items (id bigserial PRIMARY KEY, name text, price numeric(10,2));
