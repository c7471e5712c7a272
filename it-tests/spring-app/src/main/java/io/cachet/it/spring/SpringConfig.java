package io.cachet.it.spring;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/** A plain Spring context: a pooled H2 data source, its transaction manager, the two beans. */
@Configuration
@EnableTransactionManagement(proxyTargetClass = true)
public class SpringConfig {

    /** The JDBC URL of the shared database, from the system property {@code app.jdbc.url}. */
    @Bean(destroyMethod = "dispose")
    public JdbcConnectionPool dataSource(Environment env) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(env.getRequiredProperty("app.jdbc.url"), "", "");
        pool.setMaxConnections(32);
        return pool;
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public Prices prices(JdbcTemplate jdbc) {
        return new Prices(jdbc);
    }

    @Bean
    public PriceService priceService(Prices prices, PlatformTransactionManager tm) {
        return new PriceService(prices, new TransactionTemplate(tm));
    }
}
