package dev.cacheplatform.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged sample app ({@code java -jar cache-platform-sample-app-*.jar}) as a child process on free
 * ports, with its own heap ({@code -Xms512m -Xmx512m}, the JIT left at its defaults), only the environment
 * given (the benchmark's own {@code REDIS_*}, {@code CACHE_*}, {@code SPRING_*}... variables are removed),
 * and its output in a log file. A shutdown hook kills it if the benchmark dies.
 */
final class SampleApp implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private static final List<String> CLEARED_PREFIXES = List.of("REDIS_", "CACHE_", "SESSION_", "SPRING_", "SERVER_",
			"MANAGEMENT_", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

	private static final Pattern COUNT = Pattern.compile(":\\s*(\\d+)");

	private final String name;

	private final Process process;

	private final Thread killer;

	private final int port;

	private final int managementPort;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private SampleApp(String name, Process process, int port, int managementPort, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
		this.log = log;
		this.killer = new Thread(process::destroyForcibly, "kill-" + name);
		Runtime.getRuntime().addShutdownHook(this.killer);
	}

	/**
	 * Starts the jar and waits until {@code /actuator/health/readiness} answers 200.
	 * @param jar the packaged sample app
	 * @param name the name of the app (its log is {@code <logs>/<name>.log})
	 * @param environment the variables to set
	 * @param logs the folder of the log
	 * @return the running app
	 * @throws IllegalStateException if it exits or is not ready within 3 minutes, with its log's tail
	 */
	static SampleApp start(Path jar, String name, Map<String, String> environment, Path logs) {
		int port = freePort();
		int managementPort = freePort();
		Path log = logs.resolve(name + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xms512m", "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
				"--management.server.port=" + managementPort));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Redirect.to(log.toFile()))
			.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().keySet().removeIf((key) -> CLEARED_PREFIXES.stream().anyMatch(key::startsWith));
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		SampleApp app = new SampleApp(name, process, port, managementPort, log);
		try {
			app.awaitReady();
		}
		catch (RuntimeException ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	/**
	 * Returns the URL of a path on the app's port.
	 * @param path e.g. {@code /products/MON-27}
	 * @return the URL
	 */
	URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Sends one GET (a control request, not part of the load).
	 * @param path the path
	 * @return the response
	 */
	HttpResponse<String> get(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET " + path + " on " + this.name + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns how often the app has read its database so far, from {@code GET /stats/database-reads}: a
	 * run of cache hits leaves it unchanged.
	 * @return the sum of every repository's reads
	 */
	long databaseReads() {
		HttpResponse<String> response = get("/stats/database-reads");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /stats/database-reads answered " + response.statusCode());
		}
		long reads = 0;
		Matcher count = COUNT.matcher(response.body());
		while (count.find()) {
			reads += Long.parseLong(count.group(1));
		}
		return reads;
	}

	/**
	 * Returns the log file.
	 * @return the file the app's output goes to
	 */
	Path log() {
		return this.log;
	}

	/** Stops the app with SIGTERM, killing it if it is not gone within 20 s. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.killer);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down and the hook runs anyway
		}
	}

	private void awaitReady() {
		URI readiness = URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/readiness");
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before it was ready; its log ends with:\n" + tail());
			}
			try {
				HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(readiness).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		throw new IllegalStateException(this.name + " was not ready within " + READY_TIMEOUT.toSeconds()
				+ " s; its log ends with:\n" + tail());
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

}
