package dev.cacheplatform.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file the strict way that suits every consumer ({@code docker run --env-file},
 * Compose's {@code env_file}, systemd's {@code EnvironmentFile}, {@code kubectl --from-env-file}):
 * {@code NAME=value} lines, {@code #} comment lines, blank lines. Anything those tools would read
 * differently (quotes, which docker keeps and Compose strips; spaces around {@code =}; a repeated name)
 * is rejected with the line number.
 */
final class EnvFile {

	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

	private EnvFile() {
	}

	/**
	 * @param file the file
	 * @return its variables in file order
	 */
	static Map<String, String> read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> variables = new LinkedHashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			String where = file.getFileName() + ":" + (i + 1) + ": ";
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int equals = line.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException(where + "not NAME=value: " + line);
			}
			String name = line.substring(0, equals);
			String value = line.substring(equals + 1);
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException(where + "'" + name + "' is not an upper-case variable name");
			}
			if (value.isEmpty() || !value.equals(value.strip()) || value.startsWith("\"") || value.startsWith("'")
					|| value.contains(" #")) {
				throw new IllegalArgumentException(
						where + "the value of " + name + " is empty, quoted or padded, which env-file readers disagree on");
			}
			if (variables.put(name, value) != null) {
				throw new IllegalArgumentException(where + name + " is set twice");
			}
		}
		return Collections.unmodifiableMap(variables);
	}

}
