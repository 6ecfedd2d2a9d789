package io.pgconnector.cdc;

import java.time.Duration;

/**
 * The child process of {@link LogVolumeTest}: starts a listener, waits for one change, stops it and exits, so that
 * the parent can count what a start and stop print with SLF4J at INFO.
 */
public final class QuietStartChild {
    private QuietStartChild() {
    }

    record Row(int id) {
    }

    /**
     * Starts, receives one row, stops.
     *
     * @param args host, port, database, user, password, slot
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        CdcListener listener = CdcListener.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).database(args[2])
                .username(args[3]).password(args[4])
                .slotName(args[5]).publicationName(args[5])
                .offsetStorage(OffsetStorage.memory())
                .startTimeout(Duration.ofSeconds(60))
                .build();
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        listener.attach(Row.class, new CdcService<>() {
            @Override
            public void onRead(Row after, ChangeSource src) {
                seen.countDown();
            }
        }, "public.quiet");
        listener.start();
        if (!seen.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the snapshot row never arrived");
        }
        listener.stop();
        listener.dropSlotAndPublication();
        System.out.println("DONE");
    }
}
