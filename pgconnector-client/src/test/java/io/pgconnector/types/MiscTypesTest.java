package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MiscTypesTest {

    @Test
    void tsvector() {
        // The server printed 'a':1A,3,5B 'cat':2 for 'a':3,1A 'cat':2 'a':5B.
        TsVector v = TsVector.parse("'a':3,1A 'cat':2 'a':5B");
        assertThat(v.toString()).isEqualTo("'a':1A,3,5B 'cat':2");
        assertThat(TsVector.parse(v.toString())).isEqualTo(v).hasSameHashCodeAs(v);
        assertThat(v.lexemes()).hasSize(2);
        assertThat(v.lexemes().get(0).positions()).containsExactly(new TsVector.Position(1, TsVector.Weight.A),
                new TsVector.Position(3, TsVector.Weight.D), new TsVector.Position(5, TsVector.Weight.B));
        assertThat(TsVector.parse("a fat cat sat:1A on a mat").toString())
                .isEqualTo("'a' 'cat' 'fat' 'mat' 'on' 'sat':1A");
        assertThat(TsVector.parse("'it''s' 'a\\\\b'").toString()).isEqualTo("'a\\\\b' 'it''s'");
        assertThat(TsVector.parse("x:1,1A,99999").toString()).isEqualTo("'x':1A,16383");
        assertThat(TsVector.parse("").lexemes()).isEmpty();
        assertThat(TsVector.of(TsVector.Lexeme.of("b"), TsVector.Lexeme.of("a", new TsVector.Position(2,
                TsVector.Weight.C)))).isEqualTo(TsVector.parse("a:2C b"));
        for (String s : new String[] {"'a", "a:0", "a:", "a:x", "''", "a:1,", "a'b"}) {
            assertThatThrownBy(() -> TsVector.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("tsvector");
        }
    }

    @Test
    void tsquery() {
        assertThat(TsQuery.parse("'fat' & ( 'rat' | 'cat' )").toString()).isEqualTo("'fat' & ( 'rat' | 'cat' )");
        assertThat(TsQuery.of("'it''s' & (a)")).isEqualTo(TsQuery.parse("'it''s' & (a)"));
        for (String s : new String[] {"(a", "a)", "'a", "')' & (", "a\\"}) {
            assertThatThrownBy(() -> TsQuery.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("tsquery");
        }
    }

    @Test
    void bitString() {
        BitString b = BitString.parse("101");
        assertThat(b.toString()).isEqualTo("101");
        assertThat(b.length()).isEqualTo(3);
        assertThat(b.get(0)).isTrue();
        assertThat(b.get(1)).isFalse();
        assertThat(b).isEqualTo(BitString.of(true, false, true)).hasSameHashCodeAs(BitString.of(true, false, true));
        assertThat(BitString.parse("X1F").toString()).isEqualTo("00011111");
        assertThat(BitString.parse("B11").toString()).isEqualTo("11");
        assertThat(BitString.parse("").length()).isZero();
        assertThatThrownBy(() -> BitString.parse("102")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("bit").hasMessageContaining("102");
        assertThatThrownBy(() -> BitString.parse(" 1")).isInstanceOf(ConversionException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"$1,000.00|$1,000.00", "-$1,234.56|-$1,234.56", "($1,000.00)|-$1,000.00",
        "1000.00|$1,000.00", "1,000|$1,000.00", "1000|$1,000.00", "-1000.00|-$1,000.00", "1.005|$1.01",
        "92233720368547758.07|$92,233,720,368,547,758.07", "0|$0.00", " $ 12.5 |$12.50", "-$0.99|-$0.99"})
    void money(String input, String expected) {
        assertThat(Money.parse(input).toString()).isEqualTo(expected);
        assertThat(Money.parse(expected)).isEqualTo(Money.parse(input));
    }

    @Test
    void moneyValues() {
        assertThat(Money.of(new BigDecimal("1000")).amount()).isEqualTo(new BigDecimal("1000.00"));
        assertThat(Money.of("12.3")).isEqualTo(Money.of(new BigDecimal("12.30")));
        for (String s : new String[] {"", "$", "abc", "1.2.3", "92233720368547758.08", "1e5", "--1", "$1,000.00x"}) {
            assertThatThrownBy(() -> Money.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("money");
        }
    }

    @Test
    void pgLsnOidAndObjectIdentifiers() {
        assertThat(PgLsn.parse("16/B374D848").toString()).isEqualTo("16/B374D848");
        assertThat(PgLsn.parse("16/b374d848").value()).isEqualTo(0x16B374D848L);
        assertThat(PgLsn.of(0).toString()).isEqualTo("0/0");
        assertThat(PgLsn.of(-1).toString()).isEqualTo("FFFFFFFF/FFFFFFFF");
        assertThat(PgLsn.of(-1)).isGreaterThan(PgLsn.of(1));
        for (String s : new String[] {"", "16", "/1", "1/", "123456789/0", "g/0"}) {
            assertThatThrownBy(() -> PgLsn.parse(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("pg_lsn");
        }
        assertThat(Oid.parse("1259")).isEqualTo(Oid.of(1259));
        assertThat(Oid.parse("-1").value()).isEqualTo(4294967295L);
        assertThat(Oid.fromSigned(-1)).isEqualTo(Oid.of(4294967295L));
        assertThat(Oid.of(4294967295L).toString()).isEqualTo("4294967295");
        assertThatThrownBy(() -> Oid.of(4294967296L)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("oid");
        assertThatThrownBy(() -> Oid.parse("x")).isInstanceOf(ConversionException.class);
        assertThat(ObjectIdentifierKind.REGCLASS.typeName()).isEqualTo("regclass");
        assertThat(ObjectIdentifierKind.fromTypeName("REGTYPE")).isEqualTo(ObjectIdentifierKind.REGTYPE);
        assertThat(ObjectIdentifier.parse(ObjectIdentifierKind.REGOPERATOR, "+(integer,integer)").toString())
                .isEqualTo("+(integer,integer)");
        assertThat(ObjectIdentifier.of(ObjectIdentifierKind.REGCLASS, "pg_class"))
                .isEqualTo(ObjectIdentifier.parse(ObjectIdentifierKind.REGCLASS, "pg_class"));
        assertThatThrownBy(() -> ObjectIdentifier.of(ObjectIdentifierKind.REGCLASS, "")).isInstanceOf(
                ConversionException.class).hasMessageContaining("regclass");
        assertThat(Xml.of("<a>1</a>").toString()).isEqualTo("<a>1</a>");
        assertThatThrownBy(() -> Xml.of(null)).isInstanceOf(ConversionException.class).hasMessageContaining("xml");
    }

    @Test
    void generatedValuesRoundTrip() {
        Props.forAll("tsvector", r -> {
            List<TsVector.Lexeme> lexemes = new ArrayList<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                List<TsVector.Position> positions = new ArrayList<>();
                int p = r.nextInt(4);
                for (int j = 0; j < p; j++) {
                    positions.add(new TsVector.Position(1 + r.nextInt(16383),
                            TsVector.Weight.values()[r.nextInt(4)]));
                }
                lexemes.add(new TsVector.Lexeme("x" + Props.fromAlphabet(r, "ab' \\:,\u00e9\u4e2d", 4), positions));
            }
            return TsVector.of(lexemes);
        }, v -> assertThat(TsVector.parse(v.toString())).isEqualTo(v));
        Props.forAll("bit", r -> BitString.parse(Props.fromAlphabet(r, "01", 40)),
                v -> assertThat(BitString.parse(v.toString())).isEqualTo(v));
        Props.forAll("money", r -> Money.of(BigDecimal.valueOf(r.nextLong(), 2)),
                v -> assertThat(Money.parse(v.toString())).isEqualTo(v));
        Props.forAll("pg_lsn", r -> PgLsn.of(r.nextLong()), v -> assertThat(PgLsn.parse(v.toString())).isEqualTo(v));
        Props.forAll("oid", r -> Oid.of(r.nextLong() >>> 32), v -> assertThat(Oid.parse(v.toString())).isEqualTo(v));
    }

    @Test
    void parsersThrowOnlyConversionException() {
        Props.onlyConversionErrors("tsvector fuzz", Props.strings("'a: 1,ABCD*\\", 25), TsVector::parse);
        Props.onlyConversionErrors("tsquery fuzz", Props.strings("'a&|!() \\", 25), TsQuery::parse);
        Props.onlyConversionErrors("bit fuzz", Props.strings("01xXbB2f", 25), BitString::parse);
        Props.onlyConversionErrors("money fuzz", Props.strings("$,.()-+0123456789 ", 25), Money::parse);
        Props.onlyConversionErrors("pg_lsn fuzz", Props.strings("0123456789ABCDEF/g ", 25), PgLsn::parse);
        Props.onlyConversionErrors("oid fuzz", Props.strings("0123456789-+ ", 14), Oid::parse);
        Props.onlyConversionErrors("reg* fuzz", Props.strings("abc ", 5),
                s -> ObjectIdentifier.parse(ObjectIdentifierKind.REGCLASS, s));
        Props.onlyConversionErrors("xml fuzz", Props.strings("<>a/", 10), Xml::parse);
        Props.onlyConversionErrors("jsonb via mutations of money", Props.mutations(r -> "-$1,234.56", "$,.()-1"),
                Money::parse);
    }
}
