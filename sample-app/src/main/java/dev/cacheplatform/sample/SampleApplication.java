package dev.cacheplatform.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small invoicing-style web service on Cache Platform: company settings, user preferences,
 * exchange rates and a product catalogue, each read from a deliberately slow embedded database
 * behind {@code @Cacheable}; a sign-in and a cart in the HTTP session. Runs in memory with no
 * settings; set REDIS_URL to keep the cache and the sessions in Redis.
 */
@SpringBootApplication
@EnableAsync
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
