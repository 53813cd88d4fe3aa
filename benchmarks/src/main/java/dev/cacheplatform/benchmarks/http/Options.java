package dev.cacheplatform.benchmarks.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link HttpBenchmark}:
 * {@code --jar <sample-app.jar> [--duration 15s] [--warmup 40s] [--max-warmup 180s] [--rounds 5]
 * [--connections 16] [--path /products/MON-27] [--client wrk|java] [driver...]}.
 *
 * @param jar the packaged sample app
 * @param duration how long each measured round loads one app
 * @param warmup how long each app is loaded at least, unmeasured, before the first round; the warm-up
 * goes on while its requests/s still rise
 * @param maxWarmup how long each app is loaded at most before the first round
 * @param rounds how many times every app is measured; the rounds go round-robin over the apps
 * @param connections the concurrent keep-alive connections of the load client
 * @param path the cached endpoint to GET
 * @param client {@code wrk}, {@code java}, or {@code null} for wrk when it is on the {@code PATH}
 * @param targets the drivers to compare, in order
 */
record Options(Path jar, Duration duration, Duration warmup, Duration maxWarmup, int rounds, int connections,
		String path, @Nullable String client, List<Target> targets) {

	static final String USAGE = "Usage: http.sh [--duration 15s] [--warmup 40s] [--max-warmup 180s] [--rounds 5] "
			+ "[--connections 16] [--path /products/MON-27] [--client wrk|java] [driver...]; drivers: "
			+ String.join(", ", Target.NAMES) + " (default: memory redis tiered)";

	/**
	 * Parses the arguments.
	 * @param args the command line
	 * @return the options
	 * @throws IllegalArgumentException naming the option, the value and what is accepted
	 */
	static Options parse(String[] args) {
		Path jar = null;
		Duration duration = Duration.ofSeconds(15);
		// On 2 cores an app's requests/s rose for 45 to 75 s of load, depending on the driver
		Duration warmup = Duration.ofSeconds(40);
		Duration maxWarmup = Duration.ofSeconds(180);
		int rounds = 5;
		int connections = 16;
		String path = "/products/MON-27";
		String client = null;
		List<Target> targets = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				targets.add(Target.of(arg));
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(arg + " needs a value. " + USAGE);
			}
			String value = args[++i];
			switch (arg) {
				case "--jar" -> jar = Path.of(value);
				case "--duration" -> duration = seconds(arg, value);
				case "--warmup" -> warmup = seconds(arg, value);
				case "--max-warmup" -> maxWarmup = seconds(arg, value);
				case "--rounds" -> rounds = positive(arg, value);
				case "--connections" -> connections = positive(arg, value);
				case "--path" -> path = value.startsWith("/") ? value : "/" + value;
				case "--client" -> {
					if (!value.equals("wrk") && !value.equals("java")) {
						throw new IllegalArgumentException("--client " + value + ": accepted are wrk and java");
					}
					client = value;
				}
				default -> throw new IllegalArgumentException("Unknown option " + arg + ". " + USAGE);
			}
		}
		if (jar == null || !Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("--jar " + jar + ": the packaged sample app is required "
					+ "(http.sh builds it: sample-app/target/cache-platform-sample-app-*.jar)");
		}
		if (targets.isEmpty()) {
			targets = List.of(Target.of("memory"), Target.of("redis"), Target.of("tiered"));
		}
		if (maxWarmup.compareTo(warmup) < 0) {
			throw new IllegalArgumentException("--max-warmup " + maxWarmup.toSeconds() + "s: accepted is at least "
					+ "--warmup (" + warmup.toSeconds() + "s)");
		}
		return new Options(jar, duration, warmup, maxWarmup, rounds, connections, path, client, List.copyOf(targets));
	}

	private static Duration seconds(String option, String value) {
		String digits = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
		try {
			return Duration.ofSeconds(positive(option, digits));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(option + " " + value + ": accepted is a whole number of seconds, "
					+ "e.g. 20 or 20s");
		}
	}

	private static int positive(String option, String value) {
		try {
			int number = Integer.parseInt(value);
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(option + " " + value + ": accepted is a whole number above 0");
	}

}
