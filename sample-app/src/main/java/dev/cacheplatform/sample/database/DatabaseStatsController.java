package dev.cacheplatform.sample.database;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows how often each repository really read the database, so a cache hit can be told from a miss
 * from outside the process (the end-to-end tests, or a curious user with curl).
 */
@RestController
class DatabaseStatsController {

	private final DatabaseLatency database;

	DatabaseStatsController(DatabaseLatency database) {
		this.database = database;
	}

	@GetMapping("/stats/database-reads")
	Map<String, Long> reads() {
		return this.database.reads();
	}

}
