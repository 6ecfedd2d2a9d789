package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkTypesTest {

    /** Input and the text a PostgreSQL 15 server printed for it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.168.0.1/32|192.168.0.1", "192.168.0.1/24|192.168.0.1/24", "2001:db8:0:0:0:0:0:1|2001:db8::1",
        "::ffff:1.2.3.4|::ffff:1.2.3.4", "::|::", "::1/128|::1", "::2|::2", "::ffff:0:0|::ffff:0.0.0.0",
        "1:0:0:2:0:0:0:3|1:0:0:2::3", "1:0:0:0:2:0:0:3|1::2:0:0:3", "::1.2.3.4|::1.2.3.4", "0:0:0:0:0:1:0:0|::1:0:0",
        "fe80::1/64|fe80::1/64", "1:2:3:4:5:6:7:0|1:2:3:4:5:6:7:0", "1:0:2:3:4:5:6:7|1:0:2:3:4:5:6:7",
        " 10.0.0.1 |10.0.0.1", "FE80::A|fe80::a"})
    void inetPrintsLikeTheServer(String input, String expected) {
        Inet inet = Inet.parse(input);
        assertThat(inet.toString()).isEqualTo(expected);
        assertThat(Inet.parse(expected)).isEqualTo(inet);
    }

    @Test
    void inetValues() throws Exception {
        Inet inet = Inet.parse("192.168.0.1/24");
        assertThat(inet.prefixLength()).isEqualTo(24);
        assertThat(inet.address()).isEqualTo(InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 0, 1}));
        assertThat(Inet.of(inet.address())).isEqualTo(Inet.parse("192.168.0.1"));
        assertThat(Inet.parse("::ffff:1.2.3.4").address()).isInstanceOf(Inet6Address.class);
        assertThat(Inet.parse("::ffff:1.2.3.4")).isNotEqualTo(Inet.parse("1.2.3.4"));
        assertThat(Inet.of(inet.address(), 24)).isEqualTo(inet).hasSameHashCodeAs(inet);
        assertThatThrownBy(() -> Inet.of(inet.address(), 33)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("inet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.256", "1.2.3.4/33", "::1/129", "1:2:3:4:5:6:7:8:9", "1::2::3",
        "example.com", "1.2.3.4/", "12345::", "::1.2.3", "1.2.3.4.5", "::g"})
    void inetRejectsBadText(String text) {
        assertThatThrownBy(() -> Inet.parse(text)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("inet");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"192.168.1.0/24|192.168.1.0/24", "10|10.0.0.0/8", "2001:db8::/32|2001:db8::/32",
        "192.168.1|192.168.1.0/24", "128.1|128.1.0.0/16", "10.1.2.3|10.1.2.3/32", "::1|::1/128"})
    void cidr(String input, String expected) {
        assertThat(Cidr.parse(input).toString()).isEqualTo(expected);
        assertThat(Cidr.parse(expected)).isEqualTo(Cidr.parse(input));
    }

    @Test
    void cidrRejectsHostBits() {
        assertThatThrownBy(() -> Cidr.parse("192.168.1.1/24")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("cidr").hasMessageContaining("192.168.1.1/24");
        assertThatThrownBy(() -> Cidr.of(Inet.parse("10.0.0.1").address(), 8)).isInstanceOf(ConversionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08:00:2b:01:02:03", "08-00-2b-01-02-03", "08002b:010203", "08002b-010203",
        "0800.2b01.0203", "0800-2b01-0203", "08002b010203", "08:00:2B:01:02:03"})
    void macaddrVariants(String text) {
        MacAddr mac = MacAddr.parse(text);
        assertThat(mac.toString()).isEqualTo("08:00:2b:01:02:03");
        assertThat(mac).isEqualTo(MacAddr.of((byte) 8, (byte) 0, (byte) 0x2b, (byte) 1, (byte) 2, (byte) 3));
        assertThat(mac.toMacAddr8().toString()).isEqualTo("08:00:2b:ff:fe:01:02:03");
    }

    @Test
    void macaddrErrorsAndMacaddr8() {
        for (String s : new String[] {"", "08:00:2b:01:02", "08:00-2b:01:02:03", "08:00:2b:01:02:0g", "0800.2b01-0203"}) {
            assertThatThrownBy(() -> MacAddr.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("macaddr");
        }
        assertThat(MacAddr8.parse("08:00:2b:01:02:03").toString()).isEqualTo("08:00:2b:ff:fe:01:02:03");
        assertThat(MacAddr8.parse("08002b0102030405").toString()).isEqualTo("08:00:2b:01:02:03:04:05");
        assertThat(MacAddr8.parse("0800.2b01.0203.0405")).isEqualTo(MacAddr8.parse("08-00-2b-01-02-03-04-05"));
        assertThat(MacAddr8.parse("08:00:2b:01:02:03:04:05").bytes()).hasSize(8);
        for (String s : new String[] {"", "08:00:2b:01:02:03:04", "08:00-2b:01:02:03:04:05", "08:00:2b:01:02:03:04:05:06"}) {
            assertThatThrownBy(() -> MacAddr8.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("macaddr8");
        }
    }

    @Test
    void generatedValuesRoundTrip() {
        Props.forAll("inet", r -> {
            byte[] bytes = new byte[r.nextBoolean() ? 4 : 16];
            r.nextBytes(bytes);
            // Many zero groups exercise the "::" compression.
            for (int i = 0; i < bytes.length; i++) {
                if (r.nextInt(3) == 0) {
                    bytes[i] = 0;
                }
            }
            return Inet.of(NetAddr.toAddress(bytes), r.nextInt(bytes.length * 8 + 1));
        }, v -> {
            assertThat(Inet.parse(v.toString())).isEqualTo(v);
            int prefix = v.prefixLength();
            byte[] b = v.address().getAddress();
            for (int bit = prefix; bit < b.length * 8; bit++) {
                b[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
            }
            Cidr c = Cidr.of(NetAddr.toAddress(b), prefix);
            assertThat(Cidr.parse(c.toString())).isEqualTo(c);
        });
        Props.forAll("macaddr", r -> new MacAddr(r.nextLong() >>> 16),
                v -> assertThat(MacAddr.parse(v.toString())).isEqualTo(v));
        Props.forAll("macaddr8", r -> new MacAddr8(r.nextLong()),
                v -> assertThat(MacAddr8.parse(v.toString())).isEqualTo(v));
    }

    @Test
    void parsersThrowOnlyConversionException() {
        String alphabet = "0123456789abcdefABCDEF:.-/ g";
        var gen = Props.strings(alphabet, 45);
        Props.onlyConversionErrors("inet fuzz", gen, Inet::parse);
        Props.onlyConversionErrors("cidr fuzz", gen, Cidr::parse);
        Props.onlyConversionErrors("macaddr fuzz", gen, MacAddr::parse);
        Props.onlyConversionErrors("macaddr8 fuzz", gen, MacAddr8::parse);
        Props.onlyConversionErrors("inet mutations", Props.mutations(r -> "2001:db8::ffff:1.2.3.4/64", alphabet),
                Inet::parse);
        Props.onlyConversionErrors("cidr mutations", Props.mutations(r -> "192.168.1.0/24", alphabet), Cidr::parse);
    }
}
