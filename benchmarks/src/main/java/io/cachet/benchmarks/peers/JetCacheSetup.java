package io.cachet.benchmarks.peers;

import com.alicp.jetcache.CacheBuilder;
import com.alicp.jetcache.anno.CacheConsts;
import com.alicp.jetcache.anno.config.EnableMethodCache;
import com.alicp.jetcache.anno.support.GlobalCacheConfig;
import com.alicp.jetcache.anno.support.JetCacheBaseBeans;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redisson.RedissonCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.alicp.jetcache.support.Kryo5ValueDecoder;
import com.alicp.jetcache.support.Kryo5ValueEncoder;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * JetCache's method cache configured as its documentation does it without Spring Boot: Caffeine
 * for the local tier, Redisson for the remote one (a plain {@code RBucket<byte[]>.get()} per hit,
 * the same client and call as the raw-Redisson floor), fastjson2 keys, Kryo 5 values.
 */
@Configuration
@EnableMethodCache(basePackages = "io.cachet.benchmarks.peers")
@Import(JetCacheBaseBeans.class)
public class JetCacheSetup {

    @Bean(destroyMethod = "shutdown")
    public RedissonClient redissonClient() {
        return PeerRedis.connect();
    }

    @Bean
    public GlobalCacheConfig globalCacheConfig(RedissonClient redisson) {
        CacheBuilder local = CaffeineCacheBuilder.createCaffeineCacheBuilder()
                .keyConvertor(Fastjson2KeyConvertor.INSTANCE);
        CacheBuilder remote = RedissonCacheBuilder.createBuilder()
                .redissonClient(redisson)
                .keyConvertor(Fastjson2KeyConvertor.INSTANCE)
                .valueEncoder(Kryo5ValueEncoder.INSTANCE)
                .valueDecoder(Kryo5ValueDecoder.INSTANCE);
        GlobalCacheConfig config = new GlobalCacheConfig();
        config.setLocalCacheBuilders(Map.of(CacheConsts.DEFAULT_AREA, local));
        config.setRemoteCacheBuilders(Map.of(CacheConsts.DEFAULT_AREA, remote));
        config.setStatIntervalMinutes(0);
        config.setAreaInCacheName(false);
        return config;
    }

    @Bean
    public JetCacheCatalog jetCacheCatalog() {
        return new JetCacheCatalog();
    }
}
