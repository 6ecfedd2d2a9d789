record Order(long id, String customer, BigDecimal total, String status, OffsetDateTime createdAt) {}
long id = 1L;
