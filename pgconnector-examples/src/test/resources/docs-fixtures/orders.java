record Order(long id, String customer, BigDecimal total, Point deliverTo, Range<OffsetDateTime> deliveryWindow) {}
void ship(Order order) { }
BigDecimal total = new BigDecimal("99.90");
List<Sql> lines = List.of(Sql.of("INSERT INTO order_lines VALUES (currval('orders_id_seq'), ?, ?)", "pen", 2));
