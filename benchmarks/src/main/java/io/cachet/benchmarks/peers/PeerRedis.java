package io.cachet.benchmarks.peers;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The peers' Redis client: Redisson with its defaults, as the raw-Redisson floor uses it. */
final class PeerRedis {

    private PeerRedis() {
    }

    static RedissonClient connect() {
        String address = System.getenv("CACHET_REDIS_ADDRESS");
        if (address == null || address.isEmpty()) {
            throw new IllegalStateException("CACHET_REDIS_ADDRESS is not set: run benchmarks/run.sh");
        }
        Config config = new Config();
        config.useSingleServer().setAddress(address);
        return Redisson.create(config);
    }
}
