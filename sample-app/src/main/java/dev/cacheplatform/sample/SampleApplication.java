package dev.cacheplatform.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small web service on Cache Platform: a slow lookup behind {@code @Cacheable} and a session
 * counter. Runs in memory with no settings; set REDIS_URL to use Redis.
 */
@SpringBootApplication
@EnableAsync
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
