package io.pgconnector.client;

/**
 * What a {@code copyIn} did.
 *
 * @param rowsCopied  the number of rows the table received
 * @param rowsSkipped the number of rows skipped because a value did not fit its column (only with
 *                    {@link CopyOptions.OnError#IGNORE}; else 0)
 * @param format      the format the rows were sent in: {@link CopyOptions.Format#BINARY} or
 *                    {@link CopyOptions.Format#TEXT}
 */
public record CopyResult(long rowsCopied, long rowsSkipped, CopyOptions.Format format) {
}
