package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Remote access in Settings: a parent turns it on, pairs a phone with the code the page shows (the other phone
 * sends it to the box, as it will through the relay), sees that phone in the list and removes it, after which its
 * credential no longer works.
 */
class RemotePageTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String CODE = "[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}";

    @TempDir
    Path tmp;

    @Test
    void aParentPairsAPhoneWithTheCodeShownSeesItListedAndRemovesIt() throws Exception {
        try (PageBox box = new PageBox(tmp.resolve("data"));
                Browser phone = Browser.open(375, 812)) {
            Parent parent = new Parent(phone, box.url()).opens().logsIn(PageBox.TOKEN);
            parent.goes("settings");
            WebElement toggle = phone.find("remote-enabled");
            phone.until("the box's remote access state", d -> toggle.isEnabled() ? Boolean.TRUE : null);
            phone.find("remote-no-phones");
            assertFalse(toggle.isSelected(), "off by default");
            assertFalse(phone.find("remote-pair").isEnabled(), "no pairing while remote access is off");

            phone.click("remote-enabled");
            phone.until(
                    "the box to turn remote access on",
                    d -> box.api("GET", "/api/remote", null).path("enabled").asBoolean() ? Boolean.TRUE : null);
            phone.click("remote-pair");
            String code = phone.until("the code, big", d -> {
                String text = phone.find("remote-code").getText();
                return text.matches(CODE) ? text : null;
            });
            String left = phone.find("remote-code-countdown").getText();
            assertTrue(left.matches("Valid for (10:00|9:[0-5][0-9]) more"), left);
            parent.screenshot("40-remote-code");

            String credential = pairAs(box, code, "Grandma's phone");
            WebElement row = phone.find("remote-phone");
            assertEquals(
                    "Grandma's phone",
                    row.findElement(Browser.test("remote-phone-name")).getText());
            String phoneId = row.getDomAttribute("data-phone-id");
            assertTrue(phoneId.startsWith("phone-"), phoneId);
            phone.until(
                    "the used code to go",
                    d -> phone.all("remote-code-box").get(0).isDisplayed() ? null : Boolean.TRUE);
            assertEquals(200, check(box, credential), "the phone's credential works");
            phone.script("arguments[0].scrollIntoView({block: 'center'})", row);
            parent.screenshot("41-remote-phone");

            row.findElement(Browser.test("remote-phone-remove")).click();
            phone.click("confirm-yes");
            phone.until(
                    "the phone to leave the list",
                    d -> d.findElements(By.cssSelector("[data-test='remote-phone'][data-phone-id='" + phoneId + "']"))
                                    .isEmpty()
                            ? Boolean.TRUE
                            : null);
            phone.find("remote-no-phones");
            assertEquals(401, check(box, credential), "removed: refused at once");
            assertEquals(List.of(), phone.consoleProblems(), "no console errors or warnings");
        }
    }

    /** The other phone: sends the code and a name to the open pairing route, and returns its credential. */
    static String pairAs(PageBox box, String code, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(box.url() + "api/remote/pair"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":" + JSON.toJson(code)
                                        + ",\"phone_name\":" + JSON.toJson(name) + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode data =
                JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("data");
        return data.path("credential").asText();
    }

    private static int check(PageBox box, String credential) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(box.url() + "api/access/check"))
                                .header("Authorization", "Bearer " + credential)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
