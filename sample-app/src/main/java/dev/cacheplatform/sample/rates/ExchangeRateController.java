package dev.cacheplatform.sample.rates;

import java.math.BigDecimal;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /rates/EUR-USD} (cached), {@code PUT /rates/EUR-USD} with {@code {"rate": 1.0842}}
 * (stored and cached at once), {@code POST /rates/EUR-USD/warm} (loaded on another thread).
 */
@RestController
class ExchangeRateController {

	private final ExchangeRateService rates;

	ExchangeRateController(ExchangeRateService rates) {
		this.rates = rates;
	}

	@GetMapping("/rates/{pair}")
	ExchangeRate rate(@PathVariable String pair) {
		return this.rates.rate(pair);
	}

	@PutMapping("/rates/{pair}")
	ExchangeRate publish(@PathVariable String pair, @RequestBody NewRate body) {
		BigDecimal rate = body.rate();
		if (rate == null || rate.signum() <= 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "rate must be a positive number");
		}
		return this.rates.publish(pair, rate);
	}

	@PostMapping("/rates/{pair}/warm")
	ExchangeRate warm(@PathVariable String pair) {
		try {
			return this.rates.warm(pair).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	record NewRate(@Nullable BigDecimal rate) {
	}

}
