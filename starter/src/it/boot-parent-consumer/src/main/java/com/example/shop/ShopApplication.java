package com.example.shop;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@EnableCaching
public class ShopApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShopApplication.class, args);
	}

	@Service
	public static class PriceService {

		private final AtomicInteger lookups = new AtomicInteger();

		/** How often the method body ran (a method, so that it reaches the target behind the cache proxy). */
		public int lookups() {
			return this.lookups.get();
		}

		@Cacheable("prices")
		public String price(String sku) {
			return sku + "=" + this.lookups.incrementAndGet();
		}

	}

	@RestController
	static class PriceController {

		private final PriceService prices;

		PriceController(PriceService prices) {
			this.prices = prices;
		}

		@GetMapping("/prices/{sku}")
		String price(@PathVariable String sku, HttpSession session) {
			session.setAttribute("last", sku);
			return this.prices.price(sku);
		}

	}

}
