package dev.cacheplatform.cache.values.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The shop: Spring Boot's JPA (Hibernate) on an in-memory H2 database, Spring MVC, and Cache Platform
 * configured by environment variables only. Its package is the application's package, so the cache
 * allow-list admits its classes by default.
 */
@SpringBootApplication
public class ShopApplication {

	/**
	 * Starts the shop on a random port.
	 * @param environmentVariables the container environment (REDIS_URL, ...)
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> environmentVariables) {
		return new SpringApplicationBuilder(ShopApplication.class)
			.environment(EnvironmentVariablesInitializer.environmentWith(environmentVariables))
			.properties("server.port=0", "spring.jpa.open-in-view=false",
					"spring.datasource.url=jdbc:h2:mem:shop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.run();
	}

	@Bean
	ApplicationRunner shopData(ProductRepository products, PurchaseOrderRepository orders) {
		return (arguments) -> {
			products.save(new Product("Espresso cup", new BigDecimal("7.50"), Category.TABLEWARE,
					UUID.fromString("6f1c1d7e-3c1b-4c53-9d4e-0b7a1b2c3d4e"), Instant.parse("2025-11-02T08:15:30.123456Z"),
					Set.of("porcelain", "white", "90ml"), List.of("Lovely", "Too small")));
			products.save(new Product("Ethiopia Guji", new BigDecimal("14.90"), Category.COFFEE,
					UUID.fromString("0b0f3a52-8d0c-4c8f-a8a6-5b8f3c2d1e0f"), Instant.parse("2026-01-15T10:00:00Z"),
					Set.of("light roast", "washed"), List.of("Fruity")));
			products.save(new Product("Hand grinder", new BigDecimal("89.00"), Category.EQUIPMENT,
					UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), Instant.parse("2024-06-30T23:59:59.999Z"),
					Set.of("steel"), List.of()));
			products.save(new Product("Colombia Huila", new BigDecimal("12.40"), Category.COFFEE,
					UUID.fromString("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"), Instant.parse("2026-02-01T07:30:00Z"),
					Set.of("medium roast"), List.of("Chocolatey", "Smooth", "Great value")));
			orders.save(new PurchaseOrder("Ada Lovelace", OrderStatus.SHIPPED, LocalDate.of(2026, 2, 3),
					OffsetDateTime.of(2026, 2, 3, 9, 41, 0, 0, ZoneOffset.ofHours(1)), Set.of("gift wrap", "leave at door"))
				.addLine("Espresso cup", 2, new BigDecimal("7.50"))
				.addLine("Ethiopia Guji", 1, new BigDecimal("14.90")));
		};
	}

}
