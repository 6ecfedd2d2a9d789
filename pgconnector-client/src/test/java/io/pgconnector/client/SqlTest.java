package io.pgconnector.client;

import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.errors.PostgresException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTest {

    @Test
    void countsPlaceholdersOutsideLiteralsCommentsAndQuotedNames() {
        Sql sql = Sql.of("SELECT '?', \"a?\", $$?$$, $tag$ ? $tag$, E'\\'?' /* ? /* ? */ */ -- ?\n FROM t WHERE a = ?",
                1);
        assertThat(sql.values()).containsExactly(1);
    }

    @Test
    void doubledQuestionMarkIsTheJsonbOperatorNotAPlaceholder() {
        Sql sql = Sql.of("SELECT doc ?? 'key', doc ??| array['a'] FROM t WHERE id = ?", 5L);
        assertThat(sql.values()).containsExactly(5L);
    }

    @Test
    void wrongNumberOfValuesFailsBeforeAnythingIsSent() {
        assertThatThrownBy(() -> Sql.of("SELECT ? + ?", 1))
                .isInstanceOf(InvalidStatementException.class)
                .hasMessageContaining("2 placeholder(s) but 1 value(s)")
                .extracting(e -> ((PostgresException) e).sqlState()).isEqualTo("07001");
    }

    @Test
    void inExpandsToOnePlaceholderPerValue() {
        Sql sql = Sql.of("SELECT * FROM t WHERE id IN ? AND name = ?", Sql.in(List.of(1, 2, 3)), "x");
        assertThat(sql.text()).isEqualTo("SELECT * FROM t WHERE id IN (?, ?, ?) AND name = ?");
        assertThat(sql.values()).containsExactly(1, 2, 3, "x");
    }

    @Test
    void emptyInListIsRefused() {
        assertThatThrownBy(() -> Sql.in(List.of())).isInstanceOf(InvalidStatementException.class)
                .hasMessageContaining("at least one value");
    }

    @Test
    void concatAndJoinKeepValuesInOrder() {
        Sql sql = Sql.concat(Sql.of("SELECT * FROM t WHERE "),
                Sql.join(" AND ", List.of(Sql.of("a = ?", 1), Sql.of("b = ?", "two"))), Sql.empty());
        assertThat(sql.text()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
        assertThat(sql.values()).containsExactly(1, "two");
    }

    @Test
    void toStringHidesValues() {
        Sql sql = Sql.of("UPDATE users SET password = ?", "hunter2");
        assertThat(sql.toString()).doesNotContain("hunter2").contains("1 value(s)");
    }

    @Test
    void nullValuesAreAllowed() {
        assertThat(Sql.of("SELECT ?", (Object) null).values()).containsExactly((Object) null);
    }
}
