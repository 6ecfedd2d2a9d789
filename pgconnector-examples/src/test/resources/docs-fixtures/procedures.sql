CREATE TABLE customers (id bigint PRIMARY KEY, name text);
INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Barbara');
CREATE TABLE order_lines (customer_id bigint, item text, quantity int);
INSERT INTO order_lines VALUES (2, 'pen', 2), (2, 'ink', 1);
CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric(12,2));
INSERT INTO accounts VALUES (1, 100), (2, 0);
CREATE TABLE audit (note text);
CREATE PROCEDURE bump(INOUT counter int, OUT at timestamptz) LANGUAGE plpgsql AS $$
BEGIN counter := counter + 1; at := now(); END $$;
CREATE PROCEDURE split_name(full_name text, OUT first text, OUT last text) LANGUAGE plpgsql AS $$
BEGIN first := split_part(full_name, ' ', 1); last := split_part(full_name, ' ', 2); END $$;
CREATE FUNCTION stats(a int, b int, OUT total int, OUT product bigint) LANGUAGE sql AS
  'SELECT a + b, a::bigint * b';
CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';
CREATE FUNCTION customers_from(first_id bigint) RETURNS SETOF customers LANGUAGE sql AS
  'SELECT * FROM customers WHERE id >= first_id ORDER BY id';
CREATE FUNCTION report(cust bigint) RETURNS SETOF refcursor LANGUAGE plpgsql AS $$
DECLARE c1 refcursor; c2 refcursor;
BEGIN
  OPEN c1 FOR SELECT * FROM customers WHERE id = cust; RETURN NEXT c1;
  OPEN c2 FOR SELECT * FROM order_lines WHERE customer_id = cust; RETURN NEXT c2;
END $$;
CREATE PROCEDURE open_customers(INOUT c refcursor) LANGUAGE plpgsql AS $$
BEGIN OPEN c FOR SELECT * FROM customers ORDER BY id; END $$;
CREATE PROCEDURE transfer(from_id bigint, to_id bigint, amount numeric) LANGUAGE sql AS $$
  UPDATE accounts SET balance = balance - amount WHERE id = from_id;
  UPDATE accounts SET balance = balance + amount WHERE id = to_id;
$$;
