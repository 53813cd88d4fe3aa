package dev.cacheplatform.benchmarks.http;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The load client of choice: {@code wrk} (Debian's package, or any on the {@code PATH}), run as
 * {@code wrk -t <threads> -c <connections> -d <seconds>s --latency <url>}, its report parsed for
 * requests/s, the 50th and 99th latency percentiles and the errors (socket errors and responses other
 * than 2xx/3xx).
 */
final class WrkLoadClient implements LoadClient {

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private final Path executable;

	private final int threads;

	WrkLoadClient(Path executable, int threads) {
		this.executable = executable;
		this.threads = threads;
	}

	/**
	 * Finds {@code wrk} on the {@code PATH}.
	 * @return the executable, or {@code null} when there is none
	 */
	static @Nullable Path find() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, "wrk");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	@Override
	public LoadResult run(URI url, int connections, Duration duration) {
		String report = execute(List.of(this.executable.toString(), "-t", Integer.toString(Math.min(this.threads, connections)),
				"-c", Integer.toString(connections), "-d", duration.toSeconds() + "s", "--latency", url.toString()));
		return parse(report);
	}

	@Override
	public String describe() {
		String version = execute(List.of(this.executable.toString(), "--version")).lines()
			.findFirst()
			.orElse("wrk");
		int copyright = version.indexOf(" Copyright");
		return ((copyright > 0) ? version.substring(0, copyright) : version) + " (" + this.executable + "), "
				+ this.threads + " threads";
	}

	static LoadResult parse(String report) {
		long requests = Long.parseLong(find(REQUESTS, report, 1));
		double rate = Double.parseDouble(find(RATE, report, 1));
		long errors = 0;
		Matcher socketErrors = SOCKET_ERRORS.matcher(report);
		if (socketErrors.find()) {
			for (int group = 1; group <= 4; group++) {
				errors += Long.parseLong(socketErrors.group(group));
			}
		}
		Matcher non2xx = NON_2XX.matcher(report);
		if (non2xx.find()) {
			errors += Long.parseLong(non2xx.group(1));
		}
		return new LoadResult(requests, errors, rate, percentile(report, "50%"), percentile(report, "99%"));
	}

	private static Duration percentile(String report, String label) {
		Matcher matcher = Pattern.compile("^\\s*" + label + "\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
			.matcher(report);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + label + " latency in wrk's report:\n" + report);
		}
		double value = Double.parseDouble(matcher.group(1));
		double nanosPerUnit = switch (matcher.group(2)) {
			case "us" -> 1e3;
			case "ms" -> 1e6;
			case "s" -> 1e9;
			default -> 60e9;
		};
		return Duration.ofNanos(Math.round(value * nanosPerUnit));
	}

	private static String find(Pattern pattern, String report, int group) {
		Matcher matcher = pattern.matcher(report);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected wrk report (no " + pattern + "):\n" + report);
		}
		return matcher.group(group);
	}

	/** Runs wrk to its end (it stops by itself after {@code -d}) and returns what it printed. */
	private static String execute(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			process.waitFor();
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

}
