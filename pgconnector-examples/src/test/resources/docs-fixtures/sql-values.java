List<Long> ids = List.of(1L, 2L, 3L);
String customer = "Ada";
