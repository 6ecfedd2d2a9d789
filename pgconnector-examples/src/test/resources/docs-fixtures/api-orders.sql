CREATE TABLE orders (id bigserial PRIMARY KEY, customer text NOT NULL, total numeric(12,2), status text,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO orders (customer, total, status) VALUES ('Ada', 42.50, 'open'), ('Grace', 10.00, 'open'),
                                                    ('Ada', 99.99, 'shipped');
