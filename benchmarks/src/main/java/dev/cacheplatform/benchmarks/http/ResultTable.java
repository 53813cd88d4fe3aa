package dev.cacheplatform.benchmarks.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The results as a Markdown table, one row per driver: the median of its rounds' requests/s (and every
 * round's figure), the medians of the rounds' p50 and p99 latencies, the errors and database reads of all
 * rounds, the Redis commands per request, and the ratio of its median requests/s to its baseline's
 * ({@code memory} for Cache Platform's drivers, {@code stock-memory} for stock Spring Boot's).
 */
final class ResultTable {

	private final Map<Target, List<Measurement>> rows = new LinkedHashMap<>();

	/**
	 * Adds a measured round.
	 * @param target the driver
	 * @param measurement the round
	 */
	void add(Target target, Measurement measurement) {
		this.rows.computeIfAbsent(target, (key) -> new ArrayList<>()).add(measurement);
	}

	/**
	 * Returns whether any round read the database, so that not all its requests were cache hits.
	 * @return {@code true} when a figure is not one of a cached endpoint
	 */
	boolean anyMiss() {
		return this.rows.values().stream().flatMap(List::stream).anyMatch((round) -> round.databaseReads() > 0);
	}

	@Override
	public String toString() {
		Map<String, Double> medianRates = new LinkedHashMap<>();
		this.rows.forEach((target, rounds) -> medianRates.put(target.name(),
				median(rounds, (round) -> round.load().requestsPerSecond())));
		StringBuilder table = new StringBuilder();
		table.append("| Driver | Requests/s (median) | Each round | p50 | p99 | Errors | Database reads "
				+ "| Redis commands/request | Ratio to baseline |\n");
		table.append("|---|---|---|---|---|---|---|---|---|\n");
		this.rows.forEach((target, rounds) -> {
			double rate = medianRates.get(target.name());
			long requests = rounds.stream().mapToLong((round) -> round.load().requests()).sum();
			long commands = rounds.stream().mapToLong(Measurement::redisCommands).sum();
			Double baseline = medianRates.get(target.baseline());
			table.append("| ")
				.append(target.name())
				.append(" | ")
				.append(String.format(Locale.ROOT, "%,.0f", rate))
				.append(" | ")
				.append(rounds.stream()
					.map((round) -> String.format(Locale.ROOT, "%,.0f", round.load().requestsPerSecond()))
					.collect(Collectors.joining(", ")))
				.append(" | ")
				.append(millis(median(rounds, (round) -> round.load().p50().toNanos())))
				.append(" | ")
				.append(millis(median(rounds, (round) -> round.load().p99().toNanos())))
				.append(" | ")
				.append(rounds.stream().mapToLong((round) -> round.load().errors()).sum())
				.append(" | ")
				.append(rounds.stream().mapToLong(Measurement::databaseReads).sum())
				.append(" | ")
				.append(String.format(Locale.ROOT, "%.2f", (requests > 0) ? (double) commands / requests : 0.0))
				.append(" | ")
				.append((baseline != null) ? String.format(Locale.ROOT, "%.2f (%s)", rate / baseline, target.baseline())
						: "")
				.append(" |\n");
		});
		return table.toString();
	}

	private static String millis(double nanos) {
		return String.format(Locale.ROOT, "%.2f ms", nanos / Duration.ofMillis(1).toNanos());
	}

	private static double median(List<Measurement> rounds, ToDoubleFunction<Measurement> figure) {
		List<Double> sorted = rounds.stream()
			.map(figure::applyAsDouble)
			.sorted(Comparator.naturalOrder())
			.toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
