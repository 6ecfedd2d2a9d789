CREATE TABLE orders (id bigserial PRIMARY KEY, customer text, total numeric(12,2), deliver_to point,
                     delivery_window tstzrange);
CREATE TABLE order_lines (order_id bigint, item text, quantity int);
INSERT INTO orders (customer, total) VALUES ('Ada', 42.50), ('Grace', 0);
