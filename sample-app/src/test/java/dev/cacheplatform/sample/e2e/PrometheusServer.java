package dev.cacheplatform.sample.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (the {@code prometheus} binary, e.g. Debian's package) started as a child process
 * with its own data directory, scraping one target every second and evaluating the given rule files every
 * second. Queries go through its HTTP API ({@code /api/v1/query}, {@code /api/v1/rules}).
 */
final class PrometheusServer implements AutoCloseable {

	/** Where to get the binary, for the message of a skipped test. */
	static final String HOW_TO_INSTALL = "No prometheus binary found (looked at -Dprometheus.binary, $PATH and /usr/bin): "
			+ "install it with 'sudo apt-get install prometheus' (Debian, Ubuntu) or download it from "
			+ "https://prometheus.io/download/ and pass -Dprometheus.binary=/path/to/prometheus";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private PrometheusServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** @return the binary: {@code -Dprometheus.binary}, else {@code prometheus} on the PATH, else none */
	static Optional<Path> binary() {
		String configured = System.getProperty("prometheus.binary");
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured)).filter(Files::isExecutable);
		}
		String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
		return Stream.of(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isBlank())
			.map((directory) -> Path.of(directory, "prometheus"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Starts Prometheus and waits until it is ready.
	 * @param binary the prometheus binary
	 * @param directory a fresh directory for its configuration, data and log
	 * @param job the job name of the target
	 * @param target host:port of the target
	 * @param metricsPath the target's metrics path
	 * @param ruleFiles rule files to load; Prometheus refuses to start if one is invalid
	 * @return the running server
	 */
	static PrometheusServer start(Path binary, Path directory, String job, String target, String metricsPath,
			List<Path> ruleFiles) {
		int port = freePort();
		Path config = directory.resolve("prometheus.yml");
		Path log = directory.resolve("prometheus.log");
		StringBuilder yaml = new StringBuilder("""
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				""");
		ruleFiles.forEach((file) -> yaml.append("  - '").append(file.toAbsolutePath()).append("'\n"));
		yaml.append("""
				scrape_configs:
				  - job_name: '%s'
				    metrics_path: '%s'
				    static_configs:
				      - targets: ['%s']
				""".formatted(job, metricsPath, target));
		try {
			Files.writeString(config, yaml);
			Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
				.redirectErrorStream(true)
				.redirectOutput(Redirect.to(log.toFile()))
				.start();
			PrometheusServer server = new PrometheusServer(process, port, log);
			server.awaitReady();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Prometheus exited with " + this.process.exitValue() + ":\n" + log());
			}
			try {
				if (get("/-/ready").statusCode() == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// not listening yet
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		throw new IllegalStateException("Prometheus was not ready within 30 s:\n" + log());
	}

	/**
	 * Evaluates an instant query.
	 * @param promQl the query
	 * @return the {@code data.result} array
	 * @throws IllegalStateException if Prometheus rejects the query, with its error
	 */
	JsonNode query(String promQl) {
		JsonNode answer = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)).body());
		if (!"success".equals(answer.path("status").asString())) {
			throw new IllegalStateException("Prometheus rejected " + promQl + ": " + answer.path("error").asString());
		}
		return answer.path("data").path("result");
	}

	/** @return the rules Prometheus loaded, from {@code /api/v1/rules}: each with name, query, health, lastError */
	List<JsonNode> rules() {
		JsonNode answer = JSON.readTree(get("/api/v1/rules").body());
		return answer.path("data").path("groups").valueStream().flatMap((group) -> group.path("rules").valueStream()).toList();
	}

	String log() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpResponse<String> get(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
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
