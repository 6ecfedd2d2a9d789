package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgTextTest {

    @Test
    void arrayServerText() {
        // Printed by the server for ARRAY['a b', NULL, 'x"y', '', 'NULL', 'a\b', '{', ' x'].
        String text = "{\"a b\",NULL,\"x\\\"y\",\"\",\"NULL\",\"a\\\\b\",\"{\",\" x\"}";
        List<String> values = Arrays.asList("a b", null, "x\"y", "", "NULL", "a\\b", "{", " x");
        assertThat(PgText.parseArray(text)).isEqualTo(values);
        assertThat(PgText.formatArray(values)).isEqualTo(text);
        assertThat(PgText.parseArray("{1,2,3}")).containsExactly("1", "2", "3");
        assertThat(PgText.parseArray("{}")).isEmpty();
        assertThat(PgText.parseArray(" { 1 , null , \"\" } ")).containsExactly("1", null, "");
        assertThat(PgText.parseArray("[0:1]={a,b}")).containsExactly("a", "b");
        assertThat(PgText.parseArray("{\\NULL}")).containsExactly("NULL");
        assertThat(PgText.formatArray(List.of())).isEqualTo("{}");
    }

    @Test
    void arrayRejectsBadText() {
        for (String s : new String[] {"", "1,2", "{1,2", "{1,,2}", "{{1},{2}}", "{\"a}", "{1} x", "{a\"b\"}",
            "{\"a\"b}"}) {
            assertThatThrownBy(() -> PgText.parseArray(s)).as(s).isInstanceOf(ConversionException.class)
                    .hasMessageContaining("array");
        }
    }

    @Test
    void compositeServerText() {
        // Printed by the server for ROW(1, 'a b', NULL, '', 'x"y', 'a\b', ' ').
        String text = "(1,\"a b\",,\"\",\"x\"\"y\",\"a\\\\b\",\" \")";
        List<String> values = Arrays.asList("1", "a b", null, "", "x\"y", "a\\b", " ");
        assertThat(PgText.parseComposite(text)).isEqualTo(values);
        assertThat(PgText.formatComposite(values)).isEqualTo(text);
        assertThat(PgText.parseComposite("(,)")).containsExactly(null, null);
        assertThat(PgText.parseComposite("()")).containsExactly((String) null);
        assertThat(PgText.parseComposite("(a\\,b)")).containsExactly("a,b");
        assertThatThrownBy(() -> PgText.parseComposite("1,2")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("record");
        assertThatThrownBy(() -> PgText.parseComposite("(1,2")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> PgText.parseComposite("(1,2) x")).isInstanceOf(ConversionException.class);
    }

    private static List<String> elements(Random r, boolean allowEmptyList) {
        int n = (allowEmptyList ? 0 : 1) + r.nextInt(5);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.nextInt(6) == 0 ? null : r.nextInt(10) == 0 ? "NULL"
                    : Props.fromAlphabet(r, "ab {},\"\\()\t1", 6));
        }
        return out;
    }

    @Test
    void generatedArraysAndRowsRoundTrip() {
        Props.forAll("array", r -> elements(r, true),
                v -> assertThat(PgText.parseArray(PgText.formatArray(v))).isEqualTo(v));
        Props.forAll("composite", r -> elements(r, false),
                v -> assertThat(PgText.parseComposite(PgText.formatComposite(v))).isEqualTo(v));
    }

    @Test
    void parsersThrowOnlyConversionException() {
        String alphabet = "{}(),\"\\ aNUL1[]:=";
        var gen = Props.strings(alphabet, 25);
        Props.onlyConversionErrors("array fuzz", gen, PgText::parseArray);
        Props.onlyConversionErrors("composite fuzz", gen, PgText::parseComposite);
        Props.onlyConversionErrors("array mutations",
                Props.mutations(r -> PgText.formatArray(elements(r, true)), alphabet), PgText::parseArray);
        Props.onlyConversionErrors("composite mutations",
                Props.mutations(r -> PgText.formatComposite(elements(r, false)), alphabet), PgText::parseComposite);
    }
}
