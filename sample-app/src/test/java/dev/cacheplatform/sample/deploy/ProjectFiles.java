package dev.cacheplatform.sample.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the files an operator ships ({@code config/}, {@code helm/}) from the repository root, whichever
 * directory the tests run in (Maven runs them in {@code sample-app/}, an IDE often in the root).
 */
public final class ProjectFiles {

	private ProjectFiles() {
	}

	/** @return the repository root: the nearest directory upwards that holds {@code mvnw} and {@code config/} */
	public static Path root() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("config"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("No repository root (mvnw and config/) above " + Path.of("").toAbsolutePath());
	}

	/**
	 * @param relative a path from the repository root, e.g. {@code config/redis-cache.conf}
	 * @return the existing file or directory
	 */
	public static Path resolve(String relative) {
		Path path = root().resolve(relative);
		if (!Files.exists(path)) {
			throw new IllegalStateException("Missing " + path);
		}
		return path;
	}

}
