package org.openmusicbox.cloud.store.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * A stand-in for AWS Secrets Manager on a loopback port: {@code GetSecretValue} over its JSON 1.1 protocol answers
 * the secrets a test put, and {@code ResourceNotFoundException} for any other; it keeps each call's target, secret
 * id and authorization header.
 */
public final class SecretsManagerStub implements AutoCloseable {

    public record Call(String target, String secretId, String authorization) {}

    private final HttpServer server;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final JsonCodec codec = new JsonCodec();

    private SecretsManagerStub(HttpServer server) {
        this.server = server;
    }

    public static SecretsManagerStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SecretsManagerStub stub = new SecretsManagerStub(server);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to set as {@code omb.db.secret-endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized SecretsManagerStub put(String arn, String secretString) {
        secrets.put(arn, secretString);
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request = codec.readTree(exchange.getRequestBody().readAllBytes());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String secretId = request.path("SecretId").asText();
        String secret;
        synchronized (this) {
            calls.add(new Call(target, secretId, exchange.getRequestHeaders().getFirst("Authorization")));
            secret = secrets.get(secretId);
        }
        if ("secretsmanager.GetSecretValue".equals(target) && secret != null) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ARN", secretId);
            answer.put("Name", secretId.substring(secretId.lastIndexOf(':') + 1));
            answer.put("SecretString", secret);
            answer.put("VersionId", "v1");
            answer.put("VersionStages", List.of("AWSCURRENT"));
            send(exchange, 200, codec.toJson(answer), null);
        } else {
            send(
                    exchange,
                    400,
                    "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified"
                            + " secret.\"}",
                    "ResourceNotFoundException");
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String errorType) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
