package dev.cacheplatform.benchmarks.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP/1.1 server (the JDK's) on a free loopback port that counts the requests it answers, with one
 * path per response shape the load clients must handle.
 * <ul>
 * <li>{@code /fixed}: 200 with a {@code Content-Length} body;</li>
 * <li>{@code /chunked}: 200 with a chunked body;</li>
 * <li>{@code /closing}: 200, then the connection is closed ({@code Connection: close});</li>
 * <li>{@code /failing}: 500.</li>
 * </ul>
 */
final class CountingServer implements AutoCloseable {

	private static final byte[] BODY = "{\"sku\":\"MON-27\",\"name\":\"Monitor 27\\\"\"}".getBytes(StandardCharsets.UTF_8);

	private final AtomicLong answered = new AtomicLong();

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final HttpServer server;

	CountingServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			int status = path.equals("/failing") ? 500 : 200;
			if (path.equals("/closing")) {
				exchange.getResponseHeaders().set("Connection", "close");
			}
			this.answered.incrementAndGet();
			exchange.sendResponseHeaders(status, path.equals("/chunked") ? 0 : BODY.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(BODY);
			}
		});
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	long answered() {
		return this.answered.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
