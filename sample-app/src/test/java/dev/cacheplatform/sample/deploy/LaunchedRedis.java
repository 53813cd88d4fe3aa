package dev.cacheplatform.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.cacheplatform.testsupport.RedisBinary;
import dev.cacheplatform.testsupport.RespClient;

/**
 * A redis-server started exactly the way an operator's command line or a container does it (not through
 * test-support's generated config), so that a test sees what the shipped files and scripts do on their own.
 * The process and everything it started are killed on {@link #close()} and when the JVM exits.
 */
final class LaunchedRedis implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private final Process process;

	private final int port;

	private final Path log;

	private final Thread killer;

	private LaunchedRedis(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.killer = new Thread(this::kill, "kill " + process.pid());
		Runtime.getRuntime().addShutdownHook(this.killer);
	}

	/**
	 * Runs a command and waits until a Redis answers (PONG, or NOAUTH when it wants a password) on the port.
	 * @param command the command line
	 * @param environment extra environment variables
	 * @param directory the working directory, also where the output goes ({@code output.log})
	 * @param port the port the command makes Redis listen on
	 * @return the running process
	 */
	static LaunchedRedis start(List<String> command, Map<String, String> environment, Path directory, int port) {
		Path log = directory.resolve("output.log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(log.toFile()))
			.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		LaunchedRedis redis = new LaunchedRedis(process, port, log);
		try {
			redis.awaitAnswer();
			return redis;
		}
		catch (RuntimeException | Error ex) {
			redis.close();
			throw ex;
		}
	}

	/** @return a free loopback port */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the directory holding the redis-server executable the tests use */
	static Path binaryDirectory() {
		return RedisBinary.path().getParent();
	}

	int port() {
		return this.port;
	}

	/** @return the command lines of the process and its descendants, as {@code ps} shows them */
	List<String> commandLines() {
		return Stream.concat(Stream.of(this.process.toHandle()),
				this.process.toHandle().descendants())
			.map((handle) -> handle.info().commandLine().orElse(""))
			.toList();
	}

	/** @return a client without credentials */
	RespClient anonymousClient() {
		return RespClient.builder().host("127.0.0.1").port(this.port).connect();
	}

	/**
	 * @param password the password of the default user
	 * @return an authenticated client
	 */
	RespClient client(String password) {
		return RespClient.builder().host("127.0.0.1").port(this.port).password(password).connect();
	}

	@Override
	public void close() {
		kill();
		try {
			Runtime.getRuntime().removeShutdownHook(this.killer);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down; the hook kills the process
		}
	}

	private void kill() {
		this.process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitAnswer() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		String problem = "no answer";
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The command exited with " + this.process.exitValue() + ":\n" + output());
			}
			try (RespClient client = RespClient.builder().host("127.0.0.1").port(this.port)
				.connectTimeout(Duration.ofMillis(200)).timeout(Duration.ofSeconds(2)).connect()) {
				client.ping();
				return;
			}
			catch (RespClient.RedisError ex) {
				if ("NOAUTH".equals(ex.code())) {
					return;
				}
				problem = ex.getMessage();
			}
			catch (UncheckedIOException ex) {
				problem = ex.getMessage();
			}
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("No Redis answered on port " + this.port + " (" + problem + "):\n" + output());
	}

	String output() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

}
