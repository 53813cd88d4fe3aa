package com.example.rates;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.stereotype.Service;

@SpringBootApplication
@EnableCaching
public class RatesApplication {

	public static void main(String[] args) {
		SpringApplication.run(RatesApplication.class, args);
	}

	@Service
	public static class RateService {

		private final AtomicInteger lookups = new AtomicInteger();

		/** How often the method body ran (a method, so that it reaches the target behind the cache proxy). */
		public int lookups() {
			return this.lookups.get();
		}

		@Cacheable("rates")
		public double rate(String pair) {
			this.lookups.incrementAndGet();
			return 1.08;
		}

	}

}
