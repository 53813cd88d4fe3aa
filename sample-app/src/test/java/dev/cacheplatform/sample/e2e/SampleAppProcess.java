package dev.cacheplatform.sample.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.cacheplatform.sample.SampleClient;
import org.jspecify.annotations.Nullable;

/**
 * The packaged sample app ({@code java -jar}, the jar Maven passes as the {@code sample.jar} system
 * property) running as a child process on a fixed free port, with only the environment a test gives it.
 * Its output goes to a log file under {@code target/e2e-logs}; starting it again (after {@link #kill()}
 * or {@link #stop()}) reuses the port and appends to the same log. A JVM shutdown hook kills whatever is
 * still running, so no app outlives the test JVM.
 */
final class SampleAppProcess {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(SampleAppProcess::destroyTree),
				"sample-app-cleanup"));
	}

	/** Settings of ours that the test JVM's own environment must not leak into the app. */
	private static final List<String> CLEARED_PREFIXES = List.of("REDIS_", "CACHE_", "SESSION_", "SPRING_", "SERVER_",
			"MANAGEMENT_", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	private final String name;

	private final Map<String, String> environment;

	private final int port;

	private final int managementPort;

	private final Path log;

	private int starts;

	private @Nullable Process process;

	SampleAppProcess(String name, Map<String, String> environment) {
		this.name = name;
		this.environment = Map.copyOf(environment);
		this.port = freePort();
		this.managementPort = freePort();
		this.log = logDirectory().resolve(name + ".log");
		try {
			// A log of this run only; restarts of this app append to it
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the app and waits until {@code /actuator/health/readiness} answers 200.
	 * @return this
	 * @throws IllegalStateException if the app exits or is not ready within 2 minutes, with its log's tail
	 */
	synchronized SampleAppProcess start() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is already running");
		}
		this.starts++;
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// A quick start matters more here than peak speed
				"-XX:TieredStopAtLevel=1", "-Xmx384m", "-jar", jar().toString(), "--server.port=" + this.port,
				"--management.server.port=" + this.managementPort,
				"--management.endpoints.web.exposure.include=health,metrics,prometheus,caches,sessions"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(this.log.toFile()))
			.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().keySet().removeIf((key) -> CLEARED_PREFIXES.stream().anyMatch(key::startsWith));
		builder.environment().putAll(this.environment);
		try {
			Files.writeString(this.log, "===== " + this.name + ": start " + this.starts + " on port " + this.port + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		RUNNING.add(this.process);
		awaitReady(this.process);
		return this;
	}

	private void awaitReady(Process started) {
		SampleClient probe = SampleClient.on(this.managementPort);
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + started.exitValue()
						+ " before it was ready; its log ends with:\n" + tail(60));
			}
			try {
				if (probe.get("/actuator/health/readiness").statusCode() == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// not listening yet
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		throw new IllegalStateException(this.name + " was not ready within " + READY_TIMEOUT.toSeconds()
				+ " s; its log ends with:\n" + tail(60));
	}

	/** Kills the app with SIGKILL, as a crash or an OOM kill would, and waits for it to exit. */
	synchronized void kill() {
		Process current = this.process;
		if (current != null) {
			destroyTree(current);
			await(current);
			RUNNING.remove(current);
			this.process = null;
		}
	}

	/** Stops the app with SIGTERM (Spring's graceful shutdown), killing it if it is not gone in 20 s. */
	synchronized void stop() {
		Process current = this.process;
		if (current != null) {
			current.descendants().forEach(ProcessHandle::destroy);
			current.destroy();
			await(current);
			RUNNING.remove(current);
			this.process = null;
		}
	}

	int port() {
		return this.port;
	}

	/** @return the management port, where the actuator answers (health, metrics, caches, sessions) */
	int managementPort() {
		return this.managementPort;
	}

	/**
	 * @return a new browser (own cookies, no tenant) for this app
	 */
	SampleClient browser() {
		return SampleClient.on(this.port);
	}

	String name() {
		return this.name;
	}

	/**
	 * @return everything the app has written, over all its starts
	 */
	String log() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param lines how many lines
	 * @return the log's last lines
	 */
	String tail(int lines) {
		List<String> all = log().lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	private static void await(Process process) {
		try {
			if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				destroyTree(process);
				process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			destroyTree(process);
			Thread.currentThread().interrupt();
		}
	}

	private static void destroyTree(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

	private static Path jar() {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("The packaged sample app was not found (system property sample.jar = " + jar
					+ "). Run the end-to-end tests through Maven: ./mvnw -pl sample-app -am verify");
		}
		return Path.of(jar);
	}

	private static Path logDirectory() {
		Path directory = Path.of(System.getProperty("sample.logs", "target/e2e-logs"));
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
