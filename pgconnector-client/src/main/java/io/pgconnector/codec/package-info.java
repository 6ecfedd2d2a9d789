/**
 * The codec SPI: {@link io.pgconnector.codec.Codec} teaches a client (or a CDC listener) a PostgreSQL type it does not
 * know, as a parameter, a result column, an OUT parameter, an array element and a change event field. Ready-made
 * codecs for contrib extensions: {@link io.pgconnector.codec.HstoreCodec}, {@link io.pgconnector.codec.LtreeCodec},
 * {@link io.pgconnector.codec.CitextCodec}. This package depends on the value types and exceptions only, never on the
 * client.
 */
package io.pgconnector.codec;
