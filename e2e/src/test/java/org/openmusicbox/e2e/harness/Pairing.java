package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parent at home turning on remote access and pairing a phone that is away, as the page's Settings card does:
 * log in with the parent code, switch remote access on, open a pairing code, and redeem it through a relay.
 */
public final class Pairing {

    /** A paired phone: its id on the box and the credential it presents. */
    public record Phone(String phoneId, String credential) {}

    private Pairing() {}

    /** The parent's session on the home network (the configured token is the parent code in these tests). */
    public static Http parentAtHome(BoxProcess box) {
        String session = box.http()
                .send("POST", "/api/access/login", Map.of("parent_code", BoxProcess.PARENT_TOKEN))
                .okBody("login with the parent code")
                .path("data")
                .path("token")
                .asText();
        return new Http("http://127.0.0.1:" + box.httpPort(), session);
    }

    /**
     * Pairs a phone named {@code name} through {@code relay} and returns its credential once the relay lets it in
     * (the box publishes its new phone list; the relay reads it).
     */
    public static Phone pair(BoxProcess box, RelayProcess relay, String name) {
        Http home = parentAtHome(box);
        home.send("PUT", "/api/remote", Map.of("enabled", true)).okBody("turning remote access on");
        String code = home.send("POST", "/api/remote/pairing", Map.of())
                .okBody("opening a pairing code")
                .path("data")
                .path("code")
                .asText();
        JsonNode paired = Poll.value("the relay to pass the pairing to " + box.deviceId(), Stack.CONVERGE, () -> {
            Http.Answer answer = relay.box(box.deviceId(), null)
                    .send("POST", "/api/remote/pair", Map.of("code", code, "phone_name", name));
            return answer.status() == 503 ? null : answer.okBody("pairing through the relay");
        });
        String credential = paired.path("data").path("credential").asText();
        Poll.until(
                "the relay to know the new phone's credential",
                Stack.CONVERGE,
                () -> relay.box(box.deviceId(), credential).get("/api/remote").ok());
        return new Phone(paired.path("data").path("phone_id").asText(), credential);
    }
}
