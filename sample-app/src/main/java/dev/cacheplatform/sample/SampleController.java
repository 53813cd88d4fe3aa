package dev.cacheplatform.sample;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.web.bind.annotation.RequestParam;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP endpoints: a cached rate lookup and a per-session visit counter.
 */
@RestController
class SampleController {

	private final ExchangeRateService rates;

	SampleController(ExchangeRateService rates) {
		this.rates = rates;
	}

	@GetMapping("/rates/{pair}")
	ExchangeRateService.ExchangeRate rate(@PathVariable String pair) {
		return this.rates.rate(pair);
	}

	@PostMapping("/rates/{pair}/warm")
	ExchangeRateService.ExchangeRate warm(@PathVariable String pair) {
		return this.rates.warm(pair).join();
	}

	@GetMapping("/rates/lookups")
	Map<String, Long> lookups() {
		return Map.of("lookups", this.rates.lookups());
	}

	@PostMapping("/login")
	Map<String, Object> login(@RequestParam String user, HttpServletRequest request) {
		HttpSession session = request.getSession();
		// a new id at login, so an id planted before it is worthless afterwards (session fixation)
		request.changeSessionId();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
		return Map.of("user", user);
	}

	@GetMapping("/session/visits")
	Map<String, Object> visits(HttpSession session) {
		Integer visits = (Integer) session.getAttribute("visits");
		return Map.of("visits", (visits != null) ? visits : 0);
	}

	@PostMapping("/session/visits")
	Map<String, Object> visit(HttpSession session) {
		Integer visits = (Integer) session.getAttribute("visits");
		int next = (visits != null) ? visits + 1 : 1;
		session.setAttribute("visits", next);
		return Map.of("visits", next);
	}

}
