package io.cachet.benchmarks.peers;

import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.spring.cache.CacheConfig;
import org.redisson.spring.cache.RedissonSpringCacheManager;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's {@code @Cacheable} on Redisson's cache manager, in a plain Spring context, with
 * Redisson's defaults (its Kryo 5 codec): what most applications caching in Redis run today.
 */
@Configuration
@EnableCaching
public class SpringCacheSetup {

    static final String CACHE = "SpringCatalog.product";

    @Bean(destroyMethod = "shutdown")
    public RedissonClient redissonClient() {
        return PeerRedis.connect();
    }

    @Bean
    public CacheManager cacheManager(RedissonClient redisson) {
        return new RedissonSpringCacheManager(redisson, Map.of(CACHE, new CacheConfig(3_600_000, 0)));
    }

    @Bean
    public SpringCatalog springCatalog() {
        return new SpringCatalog();
    }
}
