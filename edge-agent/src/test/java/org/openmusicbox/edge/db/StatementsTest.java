package org.openmusicbox.edge.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    void scriptsSplitAtSemicolonsOutsideQuotesCommentsAndTriggers() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (x TEXT); /* block; comment */
                INSERT INTO a (x) VALUES ('semi;colon''s');
                CREATE TRIGGER a_copy AFTER INSERT ON a BEGIN
                    INSERT INTO a (x) SELECT 'copy' WHERE NEW.x <> 'copy';
                END;
                INSERT INTO a (x) VALUES ("x;y")
                """;
        List<String> statements = Statements.split(script);
        assertEquals(4, statements.size(), statements.toString());
        assertEquals("CREATE TABLE a (x TEXT)", statements.get(0));
        assertEquals("INSERT INTO a (x) VALUES ('semi;colon''s')", statements.get(1));
        assertTrue(
                statements.get(2).startsWith("CREATE TRIGGER")
                        && statements.get(2).endsWith("END"),
                statements.get(2));
        assertEquals("INSERT INTO a (x) VALUES (\"x;y\")", statements.get(3));
    }

    @Test
    void aTemporaryTriggerAlsoRunsToItsEnd() {
        List<String> statements = Statements.split("""
                CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; DELETE FROM c; END;
                SELECT 1;
                """);
        assertEquals(
                List.of("CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; DELETE FROM c; END", "SELECT 1"),
                statements);
    }

    @Test
    void emptyStatementsAndAScriptOfCommentsGiveNothing() {
        assertEquals(List.of(), Statements.split(""));
        assertEquals(List.of(), Statements.split(" ;\n;; -- only a comment\n/* and another */"));
        assertEquals(List.of("SELECT 1"), Statements.split(";SELECT 1;;"));
    }

    @Test
    void anUnclosedQuoteOrCommentRunsToTheEndInsteadOfFailing() {
        assertEquals(List.of("INSERT INTO a VALUES ('x; y)"), Statements.split("INSERT INTO a VALUES ('x; y)"));
        assertEquals(List.of("SELECT 1"), Statements.split("SELECT 1; /* never closed; SELECT 2;"));
    }
}
