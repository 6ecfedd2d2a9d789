record Customer(long id, String name) {}
record OrderLine(long customerId, String item, int quantity) {}
long from = 1;
long to = 2;
BigDecimal amount = new BigDecimal("25.00");
