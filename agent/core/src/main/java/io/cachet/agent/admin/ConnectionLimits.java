package io.cachet.agent.admin;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Bounds the status port's connections, per client address and in all. At a bound, the oldest
 * connection still reading its request makes room for the new one: a real client sends its
 * request at once, so the connection that has been reading longest is the likeliest to be a
 * slow attacker's, and a scraper behind the same address as an attacker still gets in. Only
 * when every connection at the bound is already being answered is the new one turned away.
 * Used by the selector thread alone.
 */
final class ConnectionLimits {

    private final int total;
    private final int perClient;
    private final Deque<StatusConnection> all = new ArrayDeque<>();
    private final Map<InetAddress, Deque<StatusConnection>> byClient = new HashMap<>();

    ConnectionLimits(int total, int perClient) {
        this.total = total;
        this.perClient = perClient;
    }

    /**
     * Makes room for a connection from {@code client}, closing older ones as needed.
     *
     * @return whether it may be taken
     */
    boolean admit(InetAddress client) {
        Deque<StatusConnection> mine = byClient.get(client);
        if (mine != null && mine.size() >= perClient && !closeOldestReading(mine)) {
            return false;
        }
        return all.size() < total || closeOldestReading(all);
    }

    void add(StatusConnection c) {
        all.addLast(c);
        byClient.computeIfAbsent(c.client, k -> new ArrayDeque<>()).addLast(c);
    }

    void remove(StatusConnection c) {
        all.remove(c);
        Deque<StatusConnection> mine = byClient.get(c.client);
        if (mine != null) {
            mine.remove(c);
            if (mine.isEmpty()) {
                byClient.remove(c.client);
            }
        }
    }

    Iterable<StatusConnection> all() {
        return all;
    }

    private boolean closeOldestReading(Deque<StatusConnection> among) {
        for (Iterator<StatusConnection> it = among.iterator(); it.hasNext(); ) {
            StatusConnection c = it.next();
            if (c.reading()) {
                c.close(); // removes it from both collections, through its close listener
                return true;
            }
        }
        return false;
    }
}
