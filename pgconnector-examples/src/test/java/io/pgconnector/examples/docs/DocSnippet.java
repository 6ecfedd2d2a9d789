package io.pgconnector.examples.docs;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;

/**
 * The base class of a program built from docs code blocks: the fields every block may use. Blocks may declare
 * their own {@code client} (a local shadows the field).
 */
public abstract class DocSnippet {
    /** A client of database {@code shop}, as superuser. */
    protected PostgresClient client;
    /** Database {@code shop}, fresh for this program. */
    protected PostgresDatabase db;
    /** The embedded server. */
    protected EmbeddedPostgres server;

    /**
     * Runs the blocks.
     *
     * @throws Exception whatever the blocks throw
     */
    public abstract void run() throws Exception;

    void init(PostgresClient client, PostgresDatabase db, EmbeddedPostgres server) {
        this.client = client;
        this.db = db;
        this.server = server;
    }
}
