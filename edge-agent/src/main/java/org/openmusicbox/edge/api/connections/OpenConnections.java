package org.openmusicbox.edge.api.connections;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.openmusicbox.edge.access.RefusalLog;

/**
 * The connections open on one port, with a cap per remote address and a cap for everyone together.
 *
 * <p>When one address is at its cap, its own oldest waiting connection is closed to let its newest in
 * (a client that forgot idle connections, such as a script making a new HTTP client per request, keeps
 * working), and the newest is refused only when all of that address's connections are busy with a
 * request. Either way one address never holds more than its cap. When the whole port is full, a waiting connection (opened or kept alive, with
 * no request in progress) is closed to make room: the oldest one of the address that holds the most
 * connections. The newcomer is refused only when every connection is busy with a request. Refusing
 * the newest instead would let anyone who holds enough silent connections from enough addresses lock
 * every newcomer out, a parent's health check included, until the timeouts free them; closing a
 * waiting one costs its client at most a reconnect, since it has nothing in progress to lose, and
 * taking it from the biggest holder means a flood pays for its own newcomers while an address with
 * one or two connections (a parent's phone) is the last to lose one.
 */
public final class OpenConnections {

    private static final AttributeKey<Entry> ENTRY = AttributeKey.valueOf("omb.openConnection");

    private final String port;
    private final int perAddress;
    private final int total;
    private final RefusalLog refusals;
    /** Each address's connections, oldest first. */
    private final Map<InetAddress, LinkedHashMap<Channel, Entry>> byAddress = new HashMap<>();

    private int size;
    private final AtomicLong refusedPerAddress = new AtomicLong();
    private final AtomicLong refusedFull = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final Admission admission = new Admission();

    /** @param port how the port is named in log lines, e.g. {@code HTTP} */
    public OpenConnections(String port, int perAddress, int total, RefusalLog refusals) {
        this.port = port;
        this.perAddress = perAddress;
        this.total = total;
        this.refusals = refusals;
    }

    /** The handler that admits or closes each new connection; it goes first in every pipeline. */
    public ChannelHandler admission() {
        return admission;
    }

    /** The connection has a request in progress: it is not closed to make room. */
    public static void requested(Channel channel) {
        Entry e = channel.attr(ENTRY).get();
        if (e != null) {
            e.waiting = false;
        }
    }

    /** The connection has nothing in progress (kept alive between requests). */
    public static void waiting(Channel channel) {
        Entry e = channel.attr(ENTRY).get();
        if (e != null) {
            e.waiting = true;
        }
    }

    public synchronized int size() {
        return size;
    }

    /** Connections refused because their address was at its cap with every connection busy. */
    public long refusedPerAddress() {
        return refusedPerAddress.get();
    }

    /** Connections refused because the port was full of busy connections. */
    public long refusedFull() {
        return refusedFull.get();
    }

    /** Waiting connections closed to make room for a newer one (of the same address or of the port). */
    public long evicted() {
        return evicted.get();
    }

    private enum Verdict {
        ADMITTED,
        ADDRESS_FULL,
        PORT_FULL
    }

    private Verdict admit(Channel channel, InetAddress address) {
        Entry victim = null;
        synchronized (this) {
            LinkedHashMap<Channel, Entry> mine = byAddress.get(address);
            if (mine != null && mine.size() >= perAddress) {
                victim = oldestWaiting(mine);
                if (victim == null) {
                    return Verdict.ADDRESS_FULL;
                }
                forget(victim.channel, victim.address);
            } else if (size >= total) {
                victim = waitingOfBiggestHolder();
                if (victim == null) {
                    return Verdict.PORT_FULL;
                }
                forget(victim.channel, victim.address);
            }
            Entry entry = new Entry(channel, address);
            channel.attr(ENTRY).set(entry);
            byAddress.computeIfAbsent(address, a -> new LinkedHashMap<>()).put(channel, entry);
            size++;
        }
        channel.closeFuture().addListener(f -> {
            synchronized (this) {
                forget(channel, address);
            }
        });
        if (victim != null) {
            evicted.incrementAndGet();
            refusals.refused(
                    "{} connection from {} closed to make room for one from {}",
                    port,
                    victim.address.getHostAddress(),
                    address.getHostAddress());
            victim.channel.close();
        }
        return Verdict.ADMITTED;
    }

    /**
     * Moves an open connection from this port's count to {@code to}'s: a connection that turned out to
     * speak {@code to}'s protocol (Socket.IO arriving on the HTTP port) is counted, capped and made room
     * for where that protocol's connections are, whichever port it came in by. Closed, and false, when
     * {@code to} has no room for it.
     */
    public boolean handOver(Channel channel, OpenConnections to) {
        synchronized (this) {
            Entry entry = channel.attr(ENTRY).get();
            if (entry != null) {
                forget(channel, entry.address);
            }
        }
        if (!(channel.remoteAddress() instanceof InetSocketAddress remote) || remote.getAddress() == null) {
            return true;
        }
        Verdict verdict = to.admit(channel, remote.getAddress());
        if (verdict == Verdict.ADMITTED) {
            return true;
        }
        channel.close();
        to.refused(verdict, remote.getAddress());
        return false;
    }

    private void refused(Verdict verdict, InetAddress address) {
        if (verdict == Verdict.ADDRESS_FULL) {
            refusedPerAddress.incrementAndGet();
            refusals.refused(
                    "{} connection from {} refused: {} connections from that address already open, all busy",
                    port,
                    address.getHostAddress(),
                    perAddress);
        } else {
            refusedFull.incrementAndGet();
            refusals.refused(
                    "{} connection from {} refused: {} connections open, all busy",
                    port,
                    address.getHostAddress(),
                    total);
        }
    }

    private static Entry oldestWaiting(LinkedHashMap<Channel, Entry> connections) {
        for (Entry e : connections.values()) {
            if (e.waiting) {
                return e;
            }
        }
        return null;
    }

    /** The oldest waiting connection of the address holding the most connections that has one waiting. */
    private Entry waitingOfBiggestHolder() {
        Entry chosen = null;
        int chosenHolds = 0;
        for (LinkedHashMap<Channel, Entry> connections : byAddress.values()) {
            if (connections.size() <= chosenHolds) {
                continue;
            }
            Entry e = oldestWaiting(connections);
            if (e != null) {
                chosen = e;
                chosenHolds = connections.size();
            }
        }
        return chosen;
    }

    /** Called with the lock held; a connection already forgotten (closed to make room) is skipped. */
    private void forget(Channel channel, InetAddress address) {
        LinkedHashMap<Channel, Entry> connections = byAddress.get(address);
        if (connections != null && connections.remove(channel) != null) {
            size--;
            if (connections.isEmpty()) {
                byAddress.remove(address);
            }
        }
    }

    private static final class Entry {
        final Channel channel;
        final InetAddress address;
        volatile boolean waiting = true;

        Entry(Channel channel, InetAddress address) {
            this.channel = channel;
            this.address = address;
        }
    }

    @ChannelHandler.Sharable
    private final class Admission extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote) || remote.getAddress() == null) {
                ctx.fireChannelActive();
                return;
            }
            Verdict verdict = admit(ctx.channel(), remote.getAddress());
            if (verdict == Verdict.ADMITTED) {
                ctx.fireChannelActive();
                return;
            }
            // Not passed on: nothing behind this handler starts work for a connection that is refused.
            ctx.close();
            refused(verdict, remote.getAddress());
        }
    }
}
