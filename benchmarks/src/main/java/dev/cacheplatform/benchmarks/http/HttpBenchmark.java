package dev.cacheplatform.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.cacheplatform.testsupport.RedisServer;

/**
 * The HTTP load benchmark of the packaged sample app ({@code benchmarks/http.sh}, which builds the jar and
 * passes it here). For every driver it starts a {@code redis-server} of its own (test-support's) and the app
 * with {@code REDIS_URL} pointing there and the driver's variable ({@code CACHE_DRIVER}, or
 * {@code SPRING_CACHE_TYPE} for stock Spring Boot), primes the cached endpoint with one GET (a miss) and
 * warms the app up under load until its requests/s stop rising. All apps stay up, and the measured rounds go
 * round-robin over them, a different app first in each round, so a change in the machine's background load hits
 * every driver alike.
 *
 * <p>Every request is a GET of one cached endpoint, without a tenant header or a session cookie. A round
 * that read the database (a miss) makes the run fail. The {@code redis-server} of each app counts the
 * commands the app sent during each round ({@code INFO commandstats}, the benchmark's own {@code INFO}
 * excluded).
 */
public final class HttpBenchmark {

	private static final int WARM_UP_SLICE_SECONDS = 10;

	private static final int LEVEL_PERCENT = 5;

	private HttpBenchmark() {
	}

	/**
	 * Runs the benchmark and prints the table; exits with 1 if a round saw a cache miss, 2 on bad arguments.
	 * @param args see {@link Options#USAGE}
	 * @throws IOException if the log folder cannot be created
	 */
	public static void main(String[] args) throws IOException {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		LoadClient client = client(options);
		Path logs = Files.createTempDirectory("cache-platform-http-");
		System.out.printf("# client: %s%n# GET %s, %d connections, warm-up %d-%d s, %d rounds of %d s per driver%n"
				+ "# app logs: %s%n", client.describe(), options.path(), options.connections(),
				options.warmup().toSeconds(), options.maxWarmup().toSeconds(), options.rounds(),
				options.duration().toSeconds(), logs);
		ResultTable table = new ResultTable();
		List<Running> running = new ArrayList<>();
		try {
			for (Target target : options.targets()) {
				running.add(start(target, options, client, logs));
			}
			for (int round = 0; round < options.rounds(); round++) {
				for (int i = 0; i < running.size(); i++) {
					Running app = running.get((round + i) % running.size());
					Measurement measurement = measure(app, options, client);
					table.add(app.target(), measurement);
					System.out.printf("# round %d, %s: %,.0f requests/s, %d errors, %d database reads%n", round + 1,
							app.target().name(), measurement.load().requestsPerSecond(), measurement.load().errors(),
							measurement.databaseReads());
				}
			}
		}
		finally {
			running.forEach(Running::close);
		}
		System.out.println();
		System.out.print(table);
		if (table.anyMiss()) {
			System.err.println("A round read the database: not every request was a cache hit, so the figures are "
					+ "not those of a cached endpoint (see the app logs)");
			System.exit(1);
		}
	}

	private static LoadClient client(Options options) {
		Path wrk = WrkLoadClient.find();
		if ("java".equals(options.client()) || (options.client() == null && wrk == null)) {
			return new SocketLoadClient();
		}
		if (wrk == null) {
			throw new IllegalStateException("--client wrk: no wrk on the PATH (Debian: apt-get install wrk)");
		}
		return new WrkLoadClient(wrk, Runtime.getRuntime().availableProcessors());
	}

	private static Running start(Target target, Options options, LoadClient client, Path logs) {
		RedisServer redis = RedisServer.builder().start();
		Map<String, String> environment = new HashMap<>(target.environment());
		environment.put("REDIS_URL", redis.url());
		SampleApp app;
		try {
			app = SampleApp.start(options.jar(), target.name(), environment, logs);
		}
		catch (RuntimeException ex) {
			redis.close();
			throw ex;
		}
		Running running = new Running(target, redis, app);
		try {
			prime(running, options.path());
			warmUp(running, options, client);
			return running;
		}
		catch (RuntimeException ex) {
			running.close();
			throw ex;
		}
	}

	/**
	 * Loads the app, unmeasured, in slices of {@value #WARM_UP_SLICE_SECONDS} s until its requests/s stop
	 * rising: at least {@link Options#warmup()}, then until two slices in a row are each no more than
	 * {@value #LEVEL_PERCENT} % above the slice before, at most {@link Options#maxWarmup()}. The JIT takes
	 * longer over some drivers' code than over others' (on 2 cores the {@code redis} app was still compiling
	 * about 1,600 methods in its fourth 15 s of load, {@code memory} levelled off after about 50 s), and a
	 * fixed warm-up measured that instead of the driver. One level slice was not enough: the JIT's gains come
	 * in steps, and {@code redis} rose by a fifth after a first level slice.
	 */
	private static void warmUp(Running running, Options options, LoadClient client) {
		URI url = running.app().url(options.path());
		Duration slice = Duration.ofSeconds(WARM_UP_SLICE_SECONDS);
		Duration loaded = Duration.ZERO;
		double previous = 0;
		int levelSlices = 0;
		List<String> slices = new ArrayList<>();
		while (true) {
			LoadResult result = client.run(url, options.connections(), slice);
			loaded = loaded.plus(slice);
			double rate = result.requestsPerSecond();
			slices.add(String.format("%,.0f", rate));
			levelSlices = (previous > 0 && rate <= previous * (1 + LEVEL_PERCENT / 100.0)) ? levelSlices + 1 : 0;
			boolean level = levelSlices >= 2;
			previous = rate;
			if ((level && loaded.compareTo(options.warmup()) >= 0) || loaded.compareTo(options.maxWarmup()) >= 0) {
				System.out.printf("# warm-up, %s: %d s, %s requests/s per %d s slice%s, %d errors in the last%n",
						running.target().name(), loaded.toSeconds(), String.join(", ", slices),
						WARM_UP_SLICE_SECONDS, level ? "" : " (still rising at --max-warmup)", result.errors());
				return;
			}
		}
	}

	/**
	 * Loads the endpoint's value into the cache. The app's first Redis connection is opened by this request,
	 * within the starter's short connect timeout, which a busy machine can miss: a few tries are allowed, then
	 * two 200s in a row are required.
	 */
	private static void prime(Running running, String path) {
		HttpResponse<String> response = running.app().get(path);
		int ok = (response.statusCode() == 200) ? 1 : 0;
		for (int attempt = 1; attempt < 10 && ok < 2; attempt++) {
			if (ok == 0) {
				LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
			}
			response = running.app().get(path);
			ok = (response.statusCode() == 200) ? ok + 1 : 0;
		}
		if (ok < 2) {
			throw new IllegalStateException("GET " + path + " on " + running.target().name() + " answered "
					+ response.statusCode() + ": " + response.body() + " (log: " + running.app().log() + ")");
		}
	}

	private static Measurement measure(Running running, Options options, LoadClient client) {
		long readsBefore = running.app().databaseReads();
		long commandsBefore = commands(running.redis());
		LoadResult load = client.run(running.app().url(options.path()), options.connections(), options.duration());
		long commands = commands(running.redis()) - commandsBefore;
		return new Measurement(load, running.app().databaseReads() - readsBefore, commands);
	}

	/** The calls of every command but {@code INFO}, the only one the benchmark sends (to count them). */
	private static long commands(RedisServer redis) {
		return redis.commandStats()
			.entrySet()
			.stream()
			.filter((command) -> !command.getKey().equals("info"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	/** An app and its Redis, stopped together. */
	private record Running(Target target, RedisServer redis, SampleApp app) implements AutoCloseable {

		@Override
		public void close() {
			try {
				this.app.close();
			}
			finally {
				this.redis.close();
			}
		}

	}

}
