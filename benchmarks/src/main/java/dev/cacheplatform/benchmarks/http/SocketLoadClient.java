package dev.cacheplatform.benchmarks.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The load client when {@code wrk} is not installed, so the benchmark needs nothing but a JDK: one
 * platform thread per connection, each writing the same {@code GET} over a plain keep-alive socket and
 * reading the whole response (a {@code Content-Length} or chunked body) before the next request, and
 * reconnecting when the server closes the connection (Tomcat does after 100 requests by default). Its
 * latencies go into an HdrHistogram per thread.
 */
final class SocketLoadClient implements LoadClient {

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	@Override
	public LoadResult run(URI url, int connections, Duration duration) {
		String hostAndPort = url.getHost() + ":" + url.getPort();
		String path = (url.getRawQuery() != null) ? url.getRawPath() + "?" + url.getRawQuery() : url.getRawPath();
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + hostAndPort + "\r\nAccept: */*\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
		CountDownLatch start = new CountDownLatch(1);
		List<Connection> workers = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Connection worker = new Connection(address, request, start);
			workers.add(worker);
			threads.add(new Thread(worker, "load-" + i));
		}
		threads.forEach(Thread::start);
		long began = System.nanoTime();
		long deadline = began + duration.toNanos();
		workers.forEach((worker) -> worker.deadline = deadline);
		start.countDown();
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the load threads", ex);
			}
		}
		double seconds = (System.nanoTime() - began) / 1e9;
		Histogram latencies = new Histogram(3);
		long requests = 0;
		long errors = 0;
		for (Connection worker : workers) {
			latencies.add(worker.latencies);
			requests += worker.requests;
			errors += worker.errors;
		}
		return new LoadResult(requests, errors, requests / seconds,
				Duration.ofNanos(latencies.getValueAtPercentile(50)), Duration.ofNanos(latencies.getValueAtPercentile(99)));
	}

	@Override
	public String describe() {
		return "Java socket client (benchmarks module), one thread per connection";
	}

	/** One keep-alive connection and the thread that drives it. */
	private static final class Connection implements Runnable {

		private final InetSocketAddress address;

		private final byte[] request;

		private final CountDownLatch start;

		private final Histogram latencies = new Histogram(3);

		private volatile long deadline;

		private long requests;

		private long errors;

		private @Nullable Socket socket;

		private @Nullable InputStream input;

		Connection(InetSocketAddress address, byte[] request, CountDownLatch start) {
			this.address = address;
			this.request = request;
			this.start = start;
		}

		@Override
		public void run() {
			try {
				this.start.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			while (System.nanoTime() < this.deadline) {
				try {
					Socket current = connected();
					long sent = System.nanoTime();
					current.getOutputStream().write(this.request);
					Response response = Response.read(this.input);
					this.latencies.recordValue(System.nanoTime() - sent);
					this.requests++;
					if (response.status() >= 400) {
						this.errors++;
					}
					if (response.closes()) {
						close();
					}
				}
				catch (IOException ex) {
					this.errors++;
					close();
				}
			}
			close();
		}

		private Socket connected() throws IOException {
			Socket current = this.socket;
			if (current == null) {
				current = new Socket();
				current.setTcpNoDelay(true);
				current.setSoTimeout(READ_TIMEOUT_MILLIS);
				current.connect(this.address, READ_TIMEOUT_MILLIS);
				this.socket = current;
				this.input = new BufferedInputStream(current.getInputStream(), 16 * 1024);
			}
			return current;
		}

		private void close() {
			Socket current = this.socket;
			this.socket = null;
			this.input = null;
			if (current != null) {
				try {
					current.close();
				}
				catch (IOException ex) {
					// closing a connection we no longer use: nothing to do
				}
			}
		}

	}

	/**
	 * The parts of an HTTP/1.1 response the client needs; the body is read and dropped.
	 *
	 * @param status the status code
	 * @param closes whether the server closes the connection after it
	 */
	private record Response(int status, boolean closes) {

		static Response read(@Nullable InputStream in) throws IOException {
			if (in == null) {
				throw new IOException("Not connected");
			}
			String statusLine = line(in);
			if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
				throw new IOException("Not an HTTP response: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean closes = statusLine.startsWith("HTTP/1.0");
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring("content-length:".length()).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:")) {
					closes = lower.contains("close");
				}
			}
			if (chunked) {
				skipChunks(in);
			}
			else if (length >= 0) {
				in.skipNBytes(length);
			}
			else {
				throw new IOException("A response without Content-Length or chunked encoding");
			}
			return new Response(status, closes);
		}

		private static void skipChunks(InputStream in) throws IOException {
			while (true) {
				String sizeLine = line(in);
				int extension = sizeLine.indexOf(';');
				long size = Long.parseLong((extension >= 0) ? sizeLine.substring(0, extension).trim() : sizeLine.trim(), 16);
				if (size == 0) {
					while (!line(in).isEmpty()) {
						// trailers
					}
					return;
				}
				in.skipNBytes(size);
				line(in);
			}
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder(64);
			int b;
			while ((b = in.read()) != '\n') {
				if (b < 0) {
					throw new EOFException("Connection closed by the server");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

}
