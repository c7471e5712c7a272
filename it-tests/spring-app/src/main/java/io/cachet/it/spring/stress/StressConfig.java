package io.cachet.it.spring.stress;

import io.cachet.it.spring.SpringConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** The consistency test's beans, over {@link SpringConfig}'s data source and transaction manager. */
@Configuration
@Import(SpringConfig.class)
public class StressConfig {

    @Bean
    public Inventory inventory(JdbcTemplate jdbc) {
        return new Inventory(jdbc);
    }

    @Bean
    public InventoryService inventoryService(Inventory inventory) {
        return new InventoryService(inventory);
    }
}
