// What docs/cdc.md's first example feeds: a search index and an alerting hook.
static final class SearchIndex { void index(Object row) { } void remove(long id) { } void clear() { } }
static final class Alerts { void raise(Exception e) { } }
final SearchIndex search = new SearchIndex();
final Alerts alerts = new Alerts();
