package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import java.net.InetSocketAddress;
import java.util.List;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.ConnectionListener;

/**
 * Announces bumped version counters to every JVM's near cache over Redis pub/sub, and hears
 * them. Pub/sub is at most once: a message published while a subscriber's connection is down is
 * lost for it, and Redisson resubscribes silently. So any lost connection makes the listener
 * {@linkplain InvalidationListener#deaf deaf}, and every (re)subscription makes it
 * {@linkplain InvalidationListener#listening listen} afresh, which drops what it held (the
 * failure mode of Redisson's own local cache after a failover, its issues #4653 and #4731).
 *
 * <p>A message is the bumped counter keys, one per line; it is published only once the bump
 * has landed, so a JVM that hears it and reads Redis again sees the bump.
 */
final class InvalidationChannel implements ConnectionListener {

    private final String name;
    private final InvalidationListener listener;
    /** Set once the first subscription is confirmed; before that, nothing is heard at all. */
    private volatile boolean subscribed;

    InvalidationChannel(String name, InvalidationListener listener) {
        this.name = name;
        this.listener = listener;
    }

    /**
     * Subscribes without waiting; the listener listens once the subscription is confirmed. A JVM
     * without a near cache has nothing to tell, and only publishes.
     */
    void subscribe(RedissonClient client) {
        if (listener == InvalidationListener.NONE) {
            return;
        }
        RTopic topic = client.getTopic(name, StringCodec.INSTANCE);
        topic.addListenerAsync(String.class, (channel, message) -> listener.bumped(List.of(message.split("\n"))))
                .thenCompose(id -> topic.addListenerAsync(new StatusListener() {
                    @Override
                    public void onSubscribe(String channel) {
                        listener.listening();
                    }

                    @Override
                    public void onUnsubscribe(String channel) {
                        listener.deaf("unsubscribed from " + channel);
                    }
                }))
                // The status listener joined an existing subscription, so it hears only the next one.
                .whenComplete((id, error) -> {
                    if (error == null) {
                        subscribed = true;
                        listener.listening();
                        AgentLog.info("listening for invalidations on channel " + name);
                    } else {
                        listener.deaf("cannot subscribe to " + name + ": " + error);
                    }
                });
    }

    /**
     * Without waiting: other JVMs' near caches are bounded by their TTL if this is lost.
     *
     * @return the publication, or {@code null} when there was nothing to publish
     */
    RFuture<Long> publish(RedissonClient client, List<String> counterKeys) {
        if (counterKeys.isEmpty()) {
            return null;
        }
        return client.getTopic(name, StringCodec.INSTANCE).publishAsync(String.join("\n", counterKeys));
    }

    @Override
    public void onConnect(InetSocketAddress address) {
        // A connection is back; if it was the subscription's, Redisson resubscribes and the
        // status listener clears the near cache again once that is confirmed.
        if (subscribed) {
            listener.listening();
        }
    }

    @Override
    public void onDisconnect(InetSocketAddress address) {
        listener.deaf("lost a connection to " + address);
    }
}
