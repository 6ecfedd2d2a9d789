record Reading(String sensor, OffsetDateTime at, double value) {}
List<Reading> readings = List.of(new Reading("s1", OffsetDateTime.parse("2026-01-01T00:00Z"), 1.5),
        new Reading("s2", OffsetDateTime.parse("2026-01-01T00:00Z"), 2.5));
void export(Reading r) { }
