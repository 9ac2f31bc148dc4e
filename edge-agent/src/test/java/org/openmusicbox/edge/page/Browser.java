package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver, sized like a phone. Every wait
 * has a deadline and names what it waited for; console messages are collected so that a test can
 * require a page without errors.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();
    private final List<String> requested = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips (does not fail) where Chromium is missing; `.ci/run` installs it, so CI always runs these. */
    static Browser open(int width, int height) {
        return open(width, height, false);
    }

    /** As {@link #open(int, int)}, and also keeps every address the page asks for ({@link #requested}). */
    static Browser recordingRequests(int width, int height) {
        return open(width, height, true);
    }

    private static Browser open(int width, int height, boolean recordRequests) {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        Path profile;
        try {
            profile = Files.createTempDirectory("omb-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine's network reaches only package registries: Chromium must not try to phone home.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--disable-extensions",
                "--disable-default-apps",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--lang=en-GB");
        if (width < 600) {
            // A desktop window cannot be narrower than about 500 px; a phone is emulated instead, with touch.
            options.setExperimentalOption(
                    "mobileEmulation",
                    Map.of(
                            "deviceMetrics",
                            Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        if (recordRequests) {
            // Chromium's own network log: every request the page starts, WebSockets and failed ones included.
            logs.enable(LogType.PERFORMANCE, Level.ALL);
        }
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(DEADLINE);
        return new Browser(driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    void go(String url) {
        driver.get(url);
    }

    static By test(String name) {
        return By.cssSelector("[data-test='" + name + "']");
    }

    WebElement find(String name) {
        return until("[data-test=" + name + "] to be shown", d -> {
            List<WebElement> found = d.findElements(test(name));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    WebElement find(By by, String what) {
        return until(
                what,
                d -> d.findElements(by).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
    }

    List<WebElement> all(String name) {
        return driver.findElements(test(name));
    }

    void click(String name) {
        WebElement element = find(name);
        until("[data-test=" + name + "] to be enabled", d -> element.isEnabled() ? Boolean.TRUE : null);
        element.click();
    }

    /** Waits, up to the deadline, until the condition gives something other than null or false. */
    <T> T until(String what, Function<WebDriver, T> condition) {
        return until(what, DEADLINE, condition);
    }

    /** The page redraws a list when an event arrives, so an element read a moment ago may be gone: try again. */
    <T> T until(String what, Duration deadline, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, deadline, Duration.ofMillis(50));
        wait.withMessage("waiting for " + what);
        wait.ignoring(StaleElementReferenceException.class);
        return wait.until(condition::apply);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs a script that calls its last argument when done (it may wait for frames or events). */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages at warning level or above since the last call, plus those seen before. */
    List<String> consoleProblems() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console.stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage())
                .toList();
    }

    /**
     * Every address the page asked for since the browser opened: documents, scripts, fetches, pictures and
     * WebSockets, as Chromium's network log has them (only for {@link #recordingRequests}).
     */
    List<String> requested() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode event;
            try {
                event = JSON.readTree(entry.getMessage()).path("message");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            switch (event.path("method").asText()) {
                case "Network.requestWillBeSent" ->
                    requested.add(
                            event.path("params").path("request").path("url").asText());
                case "Network.webSocketCreated" ->
                    requested.add(event.path("params").path("url").asText());
                default -> {
                    // Responses, frames and timings: the requests above are what counts.
                }
            }
        }
        return List.copyOf(requested);
    }

    /** Emulates the phone losing and finding its Wi-Fi: the page sees `offline` and `online`. */
    void network(boolean online) {
        network(online, -1);
    }

    /** As {@link #network(boolean)}, with uploads slowed to that many bytes a second (-1: not slowed). */
    void network(boolean online, int uploadBytesPerSecond) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(!online);
        conditions.setLatency(Duration.ZERO);
        conditions.setUploadThroughput(uploadBytesPerSecond);
        driver.setNetworkConditions(conditions);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temp profile is harmless.
            }
        }
    }
}
