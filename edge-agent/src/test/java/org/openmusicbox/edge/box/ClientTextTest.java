package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void realTextInAnyScriptPasses() {
        for (String good : new String[] {
            "Schlaflieder",
            "Gute Nacht, Lotte!",
            "\u0645\u0631\u062d\u0628\u0627",
            "\u304a\u3084\u3059\u307f",
            "Songs \uD83C\uDFB5 for the car",
            "caf\u00e9",
            ""
        }) {
            assertNull(ClientText.problem("title", good, false), good);
        }
        assertNull(ClientText.problem("description", "line one\nline two\r\n\tindented", true));
    }

    @Test
    void controlsOverridesAndLoneSurrogatesAreRefusedNamingTheField() {
        for (String bad : new String[] {
            "\u0000", "\u0007", "\n", "\t", "\u001b", "\u007f", "\u0085", "\u009f", "\u202a", "\u202b", "\u202c",
            "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\uD800", "\uDC00", "x\uD83C"
        }) {
            String problem = ClientText.problem("title", "a" + bad + "b", false);
            assertNotNull(problem, "U+" + Integer.toHexString(bad.charAt(0)));
            assertTrue(problem.startsWith("title "), problem);
        }
        assertNotNull(ClientText.problem("description", "a\u0000b", true), "a paragraph still refuses NUL");
        assertNotNull(ClientText.problem("description", "a\u202eb", true));
    }
}
