package org.openmusicbox.edge.config;

import java.nio.file.Path;

/**
 * Every setting of the edge agent, with its default in one place ({@link ConfigLoader#DEFAULTS}).
 * Property {@code omb.http.port} is set by env {@code OMB_HTTP_PORT}, a {@code -Domb.http.port}
 * system property, or {@code omb: {http: {port: ...}}} in the YAML file; the compact constructors
 * reject values the box cannot run with, so a bad setting stops the start with a clear message.
 */
public record EdgeConfig(
        String bind,
        Path dataDir,
        Http http,
        Socketio socketio,
        Sync sync,
        Audio audio,
        Nfc nfc,
        Controls controls,
        Uploads uploads,
        Auth auth,
        Web web,
        Player player,
        CloudSettings cloud,
        Media media,
        Setup setup) {

    public EdgeConfig {
        require(bind != null && !bind.isBlank(), "omb.bind must name an address");
        require(dataDir != null, "omb.data-dir must be set");
        require(
                http != null
                        && socketio != null
                        && sync != null
                        && audio != null
                        && nfc != null
                        && controls != null
                        && uploads != null
                        && auth != null
                        && web != null,
                "omb.http, omb.socketio, omb.sync, omb.audio, omb.nfc, "
                        + "omb.controls, omb.uploads, omb.auth and omb.web must be set");
        require(player != null, "omb.player must be set");
        require(cloud != null, "omb.cloud must be set");
        require(media != null, "omb.media must be set");
        require(setup != null, "omb.setup must be set");
        require(http.port() != socketio.port() || http.port() == 0, "omb.http.port and omb.socketio.port must differ");
    }

    /**
     * The HTTP port. {@code allowedOrigins} (comma-separated) may call the API from a browser besides
     * the box's own page, on this port and the Socket.IO port. A connection must send a request's
     * headers within {@code headerReadTimeoutMs} of opening (or of starting the next request) and is
     * closed after {@code idleTimeoutMs} without one; one address may hold {@code maxConnectionsPerAddress}
     * connections, everyone together {@code maxConnections}.
     */
    public record Http(
            int port,
            int maxBodyBytes,
            String allowedOrigins,
            Budget budget,
            int headerReadTimeoutMs,
            int idleTimeoutMs,
            int maxConnectionsPerAddress,
            int maxConnections) {
        public Http {
            requirePort(port, "omb.http.port");
            require(maxBodyBytes >= 1024, "omb.http.max-body-bytes must be at least 1024");
            require(allowedOrigins != null, "omb.http.allowed-origins must be empty or list origins");
            for (String origin : origins(allowedOrigins)) {
                require(
                        origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+"),
                        "omb.http.allowed-origins lists origins such as https://relay.example.org, comma-separated; "
                                + "not " + origin + " (and never *)");
            }
            require(budget != null, "omb.http.budget must be set");
            require(
                    headerReadTimeoutMs >= 100 && headerReadTimeoutMs <= 600_000,
                    "omb.http.header-read-timeout-ms must be 100..600000");
            require(
                    idleTimeoutMs >= 100 && idleTimeoutMs <= 3_600_000,
                    "omb.http.idle-timeout-ms must be 100..3600000");
            requireCaps(maxConnectionsPerAddress, maxConnections, "omb.http");
        }

        /** The origins other than the box's own whose pages may call the API (the cloud relay's). */
        public java.util.List<String> origins() {
            return origins(allowedOrigins);
        }

        private static java.util.List<String> origins(String text) {
            return java.util.Arrays.stream(text.split(","))
                    .map(String::strip)
                    .filter(o -> !o.isEmpty())
                    .toList();
        }
    }

    /**
     * Requests per address: a bucket of {@code burst} refilled at {@code per-minute}, one for guests
     * (no valid parent token) and a larger one for the parent; {@code addresses} is how many
     * addresses are remembered at once.
     */
    public record Budget(int guestBurst, int guestPerMinute, int parentBurst, int parentPerMinute, int addresses) {
        public Budget {
            require(
                    guestBurst >= 1 && guestPerMinute >= 1 && parentBurst >= 1 && parentPerMinute >= 1,
                    "omb.http.budget.* must be at least 1");
            require(addresses >= 16 && addresses <= 1_000_000, "omb.http.budget.addresses must be 16..1000000");
        }
    }

    /**
     * The Socket.IO port. A connection must send a whole request within {@code requestReadTimeoutMs};
     * polling bodies waiting to be read may hold {@code pollingBytesInFlight} bytes between them;
     * at most {@code maxSessions} Engine.IO sessions are open at once (each holds memory until it times
     * out, also one whose client never came back); {@code budget} limits the events each connection may send. Browser pages from origins other than
     * the box's own are allowed by {@code omb.http.allowed-origins}, on both ports.
     */
    public record Socketio(
            int port,
            int maxPayloadBytes,
            int requestReadTimeoutMs,
            int maxConnectionsPerAddress,
            int maxConnections,
            long pollingBytesInFlight,
            int maxSessions,
            EventBudgets budget) {
        public Socketio {
            requirePort(port, "omb.socketio.port");
            require(maxPayloadBytes >= 1024, "omb.socketio.max-payload-bytes must be at least 1024");
            require(
                    requestReadTimeoutMs >= 100 && requestReadTimeoutMs <= 600_000,
                    "omb.socketio.request-read-timeout-ms must be 100..600000");
            requireCaps(maxConnectionsPerAddress, maxConnections, "omb.socketio");
            require(
                    pollingBytesInFlight >= maxPayloadBytes,
                    "omb.socketio.polling-bytes-in-flight must be at least omb.socketio.max-payload-bytes");
            require(maxSessions >= 1 && maxSessions <= 100_000, "omb.socketio.max-sessions must be 1..100000");
            require(budget != null, "omb.socketio.budget must be set");
        }
    }

    private static void requireCaps(int perAddress, int total, String prefix) {
        require(perAddress >= 1 && perAddress <= 100_000, prefix + ".max-connections-per-address must be 1..100000");
        require(
                total >= perAddress && total <= 1_000_000,
                prefix + ".max-connections must be at least max-connections-per-address and at most 1000000");
    }

    public record Sync(int historySize) {
        public Sync {
            require(historySize >= 1 && historySize <= 100_000, "omb.sync.history-size must be 1..100000");
        }
    }

    /**
     * Where audio goes: {@code auto} (the default sound device, else silent), {@code device} or
     * {@code device:<mixer name>} (that device; if it cannot be opened health says so and the box
     * stays silent), {@code silent}, or {@code file:<path>} (a WAV file, for machines without sound).
     */
    public record Audio(String output) {
        public Audio {
            require(
                    output != null
                            && (output.equals("auto")
                                    || output.equals("silent")
                                    || output.equals("device")
                                    || (output.startsWith("device:") && output.length() > 7)
                                    || (output.startsWith("file:") && output.length() > 5)),
                    "omb.audio.output must be auto, silent, device, device:<name> or file:<path>");
        }
    }

    /**
     * The NFC reader: {@code auto} (a PN532 if one answers on the I2C bus, else the simulated
     * reader), {@code pn532} (that reader; if it does not answer health says why), or
     * {@code simulated} (tags placed over HTTP). The address is written {@code 0x24} or {@code 36}.
     */
    public record Nfc(String reader, int i2cBus, String i2cAddress, int pollIntervalMs, int removalPolls) {
        public Nfc {
            require(
                    reader != null && (reader.equals("auto") || reader.equals("pn532") || reader.equals("simulated")),
                    "omb.nfc.reader must be auto, pn532 or simulated");
            require(i2cBus >= 0 && i2cBus <= 255, "omb.nfc.i2c-bus must be 0..255");
            int address = parseAddress(i2cAddress);
            require(address >= 0x03 && address <= 0x77, "omb.nfc.i2c-address must be a 7-bit I2C address, e.g. 0x24");
            require(pollIntervalMs >= 1 && pollIntervalMs <= 10_000, "omb.nfc.poll-interval-ms must be 1..10000");
            require(removalPolls >= 1 && removalPolls <= 1000, "omb.nfc.removal-polls must be 1..1000");
        }

        public int address() {
            return parseAddress(i2cAddress);
        }

        private static int parseAddress(String text) {
            try {
                String t = text == null ? "" : text.trim().toLowerCase();
                return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /**
     * The buttons and the volume knob on GPIO (BCM numbers): {@code enabled} is {@code auto} (use them
     * on a Raspberry Pi), {@code true} (expect them; health says why if they cannot be used) or
     * {@code false} (a box without buttons).
     */
    public record Controls(
            String enabled,
            int pinNext,
            int pinPrevious,
            int pinEncoderClk,
            int pinEncoderDt,
            int pinEncoderSw,
            int debounceMs,
            int longPressMs) {
        public Controls {
            require(
                    enabled != null && (enabled.equals("auto") || enabled.equals("true") || enabled.equals("false")),
                    "omb.controls.enabled must be auto, true or false");
            int[] pins = {pinNext, pinPrevious, pinEncoderClk, pinEncoderDt, pinEncoderSw};
            for (int i = 0; i < pins.length; i++) {
                require(pins[i] >= 0 && pins[i] <= 27, "omb.controls.pin-* must be BCM GPIO numbers 0..27");
                for (int j = i + 1; j < pins.length; j++) {
                    require(pins[i] != pins[j], "omb.controls.pin-* must all differ (GPIO" + pins[i] + " twice)");
                }
            }
            require(debounceMs >= 0 && debounceMs <= 1000, "omb.controls.debounce-ms must be 0..1000");
            require(
                    longPressMs > debounceMs && longPressMs <= 10_000,
                    "omb.controls.long-press-ms must be above the debounce and at most 10000");
        }
    }

    /**
     * The largest file a parent may upload, how long an unfinished upload is kept before it is removed,
     * how many uploads may be open at once, and how much space every open upload's declared size
     * must leave free.
     */
    public record Uploads(long maxFileBytes, int maxAgeHours, int maxOpenSessions, long spaceMarginBytes) {
        public Uploads {
            require(
                    maxFileBytes >= 1 && maxFileBytes <= 4L * 1024 * 1024 * 1024,
                    "omb.uploads.max-file-bytes must be 1..4294967296");
            require(maxAgeHours >= 1 && maxAgeHours <= 168, "omb.uploads.max-age-hours must be 1..168");
            require(
                    maxOpenSessions >= 1 && maxOpenSessions <= 10_000,
                    "omb.uploads.max-open-sessions must be 1..10000");
            require(spaceMarginBytes >= 0, "omb.uploads.space-margin-bytes must be 0 or more");
        }
    }

    /**
     * The cache of files downloaded from the cloud may hold {@code cacheMaxBytes}; 0 (the default) means half
     * of the card, read at start (why half: {@code media/MediaCache#defaultBudget}).
     */
    public record Media(long cacheMaxBytes) {
        public Media {
            require(cacheMaxBytes >= 0, "omb.media.cache-max-bytes must be 0 (half the card) or a number of bytes");
        }
    }

    /**
     * Parent access control: {@code mode} {@code token} (changes need the parent access token) or
     * {@code off} (a closed setup where everyone on the network is trusted); {@code token} sets the
     * token (env {@code OMB_AUTH_TOKEN}, for scripts; such a box counts as claimed), else a parent sets the box up;
     * {@code read-open} lets anyone look without the token.
     */
    public record Auth(String mode, String token, boolean readOpen) {
        public Auth {
            require(mode != null && (mode.equals("token") || mode.equals("off")), "omb.auth.mode must be token or off");
            require(
                    token == null || token.isBlank() || token.strip().length() >= 8,
                    "omb.auth.token (OMB_AUTH_TOKEN) must be at least 8 characters");
        }
    }

    /**
     * The first run: {@code presence-ms} is how long a parent has, after choosing a code on the page, to press
     * a button or place a tag on the box; {@code reset-hold-ms} how long Previous and Next (or a tag that plays
     * nothing) are held to return a box to new; {@code code-iterations} the PBKDF2 rounds for the parent code
     * (tests lower it; a box keeps the default); {@code pairing-code-ms} how long a code for pairing a phone
     * for remote access stays open.
     */
    public record Setup(long presenceMs, long resetHoldMs, int codeIterations, long pairingCodeMs) {
        public Setup {
            require(presenceMs >= 100 && presenceMs <= 3_600_000, "omb.setup.presence-ms must be 100..3600000");
            require(resetHoldMs >= 100 && resetHoldMs <= 600_000, "omb.setup.reset-hold-ms must be 100..600000");
            require(
                    codeIterations >= 1 && codeIterations <= 10_000_000,
                    "omb.setup.code-iterations must be 1..10000000");
            require(
                    pairingCodeMs >= 1_000 && pairingCodeMs <= 3_600_000,
                    "omb.setup.pairing-code-ms must be 1000..3600000");
        }
    }

    /**
     * The parents' web page. {@code dir} empty serves the page packaged in the jar; a folder serves that
     * folder instead, read again on every request, so that someone working on the page sees each edit
     * on reload without rebuilding the box. {@code csp} replaces the box's Content-Security-Policy for
     * that folder only (another client's build may need more, e.g. {@code 'unsafe-eval'}); empty keeps
     * the box's strict one, which the packaged page always gets.
     */
    public record Web(String dir, String csp) {
        public Web {
            require(dir != null, "omb.web.dir must be empty or name a folder");
            require(
                    csp != null && csp.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    "omb.web.csp must be empty or one line of printable ASCII (a Content-Security-Policy)");
        }
    }

    /**
     * Socket.IO events a second per connection: {@code guest-per-second} without the parent token,
     * {@code guest-address-per-second} for all such connections from one address together,
     * {@code parent-per-second} with it; a connection with {@code flood-drops} events over budget in
     * ten seconds is closed. Each allows a burst of twice its rate. Defaults a parent never meets.
     */
    public record EventBudgets(int guestPerSecond, int guestAddressPerSecond, int parentPerSecond, int floodDrops) {
        public EventBudgets {
            require(
                    guestPerSecond >= 1 && guestPerSecond <= 100_000,
                    "omb.socketio.budget.guest-per-second must be 1..100000");
            require(
                    guestAddressPerSecond >= 1 && guestAddressPerSecond <= 100_000,
                    "omb.socketio.budget.guest-address-per-second must be 1..100000");
            require(
                    parentPerSecond >= 1 && parentPerSecond <= 100_000,
                    "omb.socketio.budget.parent-per-second must be 1..100000");
            require(floodDrops >= 1, "omb.socketio.budget.flood-drops must be at least 1");
        }
    }

    /**
     * Player controls over HTTP (play, pause, stop, toggle, next, previous): each address may send
     * {@code controlsPerMinute} in any 60 seconds, more get 429. The box's buttons and tags are not counted.
     */
    public record Player(int controlsPerMinute) {
        public Player {
            require(
                    controlsPerMinute >= 1 && controlsPerMinute <= 100_000,
                    "omb.player.controls-per-minute must be 1..100000");
        }
    }

    private static void requirePort(int port, String name) {
        require(port >= 0 && port <= 65535, name + " must be 0..65535 (0 picks a free port)");
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidConfigException(message);
        }
    }

    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(String message) {
            super(message);
        }

        public InvalidConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
