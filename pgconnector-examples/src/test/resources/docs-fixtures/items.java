record Item(String name, BigDecimal price) {}
List<Item> items = List.of(new Item("pen", new BigDecimal("1.50")), new Item("ink", new BigDecimal("4.20")));
