package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "1", "-0.5e+10", "\"a\\u0041\\n\"", "true", "null", " { \"a\" : [1, 2.50, {}] } ",
        "{\"a\":1,\"a\":2}", "\"\\/\""})
    void acceptsValidJson(String text) {
        assertThat(Json.of(text).toString()).isEqualTo(text);
        assertThat(Jsonb.of(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\"}", "{a:1}", "01", "1.", ".5", "+1", "'a'", "\"\\x\"",
        "\"\t\"", "tru", "nul", "[1] 2", "{\"a\":1,}", "\"\\u12\"", "NaN", "1e"})
    void rejectsInvalidJson(String text) {
        assertThatThrownBy(() -> Json.of(text)).isInstanceOf(ConversionException.class).hasMessageContaining("json");
        assertThatThrownBy(() -> Jsonb.of(text)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("jsonb");
    }

    @Test
    void jsonbEqualityIsSemantic() {
        // The server printed {"a": [1, 2.50], "b": 1} for {"b":1, "a":[1,2.50]}.
        Jsonb written = Jsonb.of("{\"b\":1, \"a\":[1,2.50]}");
        Jsonb read = Jsonb.of("{\"a\": [1, 2.50], \"b\": 1}");
        assertThat(written).isEqualTo(read).hasSameHashCodeAs(read);
        assertThat(written.normalized()).isEqualTo("{\"a\":[1,2.5],\"b\":1}");
        assertThat(Jsonb.of("{\"a\":1,\"a\":2}")).isEqualTo(Jsonb.of("{\"a\":2}"));
        assertThat(Jsonb.of("1e2")).isEqualTo(Jsonb.of("100"));
        assertThat(Jsonb.of("\"\\u0041\"")).isEqualTo(Jsonb.of("\"A\""));
        assertThat(Jsonb.of("[1,2]")).isNotEqualTo(Jsonb.of("[2,1]"));
        assertThat(Jsonb.of("{\"a\":1}")).isNotEqualTo(Jsonb.of("{\"a\":\"1\"}"));
        assertThat(Json.of("{\"a\":1}")).isNotEqualTo(Json.of("{\"a\": 1}"));
        assertThat(Json.of("{\"a\":1}")).isEqualTo(Json.parse("{\"a\":1}"));
    }

    @Test
    void serverTextSkipsOnlyTheValidationThatUserTextGets() {
        // Text the server printed (a CDC event, a column) is taken as it is, and equals the validated value.
        String printed = "{\"a\": [1, 2.50], \"b\": 1}";
        Jsonb fromServer = io.pgconnector.types.internal.ServerText.jsonb(printed);
        assertThat(fromServer).isEqualTo(Jsonb.of(printed)).hasToString(printed);
        assertThatThrownBy(() -> io.pgconnector.types.internal.ServerText.jsonb(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("jsonb");
        // User text is still validated.
        assertThatThrownBy(() -> Jsonb.of("{\"a\": ")).isInstanceOf(ConversionException.class);
    }

    @Test
    void jsonPath() {
        assertThat(JsonPath.of("$.a[*] ? (@ > 1)").toString()).isEqualTo("$.a[*] ? (@ > 1)");
        assertThat(JsonPath.parse("$.a")).isEqualTo(JsonPath.of("$.a"));
        assertThatThrownBy(() -> JsonPath.of(" ")).isInstanceOf(ConversionException.class)
                .hasMessageContaining("jsonpath");
        assertThatThrownBy(() -> JsonPath.of(null)).isInstanceOf(ConversionException.class);
    }

    private static String json(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(4) : r.nextInt(6);
        switch (kind) {
            case 0:
                return new String[] {"true", "false", "null"}[r.nextInt(3)];
            case 1:
                return (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + (r.nextBoolean() ? "." + r.nextInt(100) : "")
                        + (r.nextInt(4) == 0 ? "e" + (r.nextInt(20) - 10) : "");
            case 2:
            case 3:
                return "\"" + Props.fromAlphabet(r, "ab \\\\n\u00e9", 5).replace("\\", "\\\\") + "\"";
            case 4: {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? ", " : "").append(json(r, depth + 1));
                }
                return b.append(']').toString();
            }
            default: {
                StringBuilder b = new StringBuilder("{ ");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? " ,\n" : "").append('"').append(Props.fromAlphabet(r, "abc", 2)).append("\": ")
                            .append(json(r, depth + 1));
                }
                return b.append('}').toString();
            }
        }
    }

    @Test
    void generatedJsonRoundTrips() {
        Props.forAll("json", r -> json(r, 0), text -> {
            assertThat(Json.parse(Json.of(text).toString())).isEqualTo(Json.of(text));
            Jsonb v = Jsonb.of(text);
            assertThat(Jsonb.parse(v.toString())).isEqualTo(v);
            // The canonical form is itself JSON with the same meaning.
            assertThat(Jsonb.of(v.normalized())).isEqualTo(v);
            assertThat(Jsonb.of(v.normalized()).normalized()).isEqualTo(v.normalized());
        });
    }

    @Test
    void parsersThrowOnlyConversionException() {
        String alphabet = "{}[]\":,0123456789.eE+-truefalsn \\u";
        var gen = Props.strings(alphabet, 30);
        Props.onlyConversionErrors("json fuzz", gen, Json::parse);
        Props.onlyConversionErrors("jsonb fuzz", gen, s -> Jsonb.parse(s).normalized());
        Props.onlyConversionErrors("jsonb mutations", Props.mutations(r -> json(r, 0), alphabet), Jsonb::parse);
        Props.onlyConversionErrors("jsonpath fuzz", gen, JsonPath::parse);
        assertThatThrownBy(() -> Json.of("[".repeat(100_000))).isInstanceOf(ConversionException.class);
        assertThat(Jsonb.of("1e99999999999").normalized()).isEqualTo("1e99999999999");
    }
}
