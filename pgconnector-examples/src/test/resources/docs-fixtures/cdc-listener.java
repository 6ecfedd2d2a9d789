// The listener of docs/cdc.md's examples (built against db.example.com, so those blocks are compile-only).
CdcListener listener;
