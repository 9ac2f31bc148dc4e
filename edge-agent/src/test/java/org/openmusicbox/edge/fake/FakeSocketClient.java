package org.openmusicbox.edge.fake;

import com.corundumstudio.socketio.SocketIOClient;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Socket.IO connection without a network: its store, its address and whether it was
 * disconnected. Only the methods the budget and access code call are answered.
 */
public final class FakeSocketClient {

    public final UUID id = UUID.randomUUID();
    public final AtomicInteger disconnects = new AtomicInteger();
    private final Map<String, Object> store = new ConcurrentHashMap<>();
    private final InetSocketAddress address;
    public final SocketIOClient client;

    public FakeSocketClient(String host) {
        this.address = new InetSocketAddress(host, 40_000);
        this.client = (SocketIOClient) Proxy.newProxyInstance(
                SocketIOClient.class.getClassLoader(),
                new Class<?>[] {SocketIOClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> store.get((String) args[0]);
                    case "set" -> {
                        store.put((String) args[0], args[1]);
                        yield null;
                    }
                    case "has" -> store.containsKey((String) args[0]);
                    case "del" -> {
                        store.remove((String) args[0]);
                        yield null;
                    }
                    case "getSessionId" -> id;
                    case "getRemoteAddress" -> address;
                    case "disconnect" -> {
                        disconnects.incrementAndGet();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSocketClient " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
