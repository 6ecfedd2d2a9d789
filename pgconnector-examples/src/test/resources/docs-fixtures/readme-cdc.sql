-- The setup README.md shows for the cdc user (keep the two in step).
GRANT SELECT ON orders TO cdc;
CREATE PUBLICATION shop_orders FOR TABLE orders;
ALTER TABLE orders REPLICA IDENTITY FULL;
