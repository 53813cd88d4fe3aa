package dev.cacheplatform.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.github.luben.zstd.Zstd;

/**
 * Trains the Zstandard dictionary the codec compresses with ({@code zstd-dictionary-1.bin} in the codec's
 * resources). Not run by the build: the dictionary is part of the stored format, so it is trained once,
 * committed, and never changed (a new one would get a new envelope id and the old one would stay to read).
 * <p>
 * The corpus is nobody's data: small JSON objects shaped like the codec's compact form (field names of common
 * records, numbers, ISO instants, booleans, short type ids such as {@code "ListN"}) whose text fields are
 * sentences of this repository's own English documentation ({@code README.md} and {@code docs/*.md}, Markdown
 * stripped), drawn with a fixed seed. What a dictionary gives such small values is mostly the entropy tables
 * of English text and JSON punctuation, which a frame of a few hundred bytes otherwise has to carry itself.
 * <p>
 * {@code java -cp <benchmark classpath> dev.cacheplatform.benchmarks.ZstdDictionaryTrainer <repository root> <out file>};
 * dictionary 1 came from the documentation of commit 0ff3323 (see the benchmarks README, "Entry size").
 */
public final class ZstdDictionaryTrainer {

	/** The dictionary's size: past 16 KiB the sizes measured on {@link CatalogueItem} no longer shrink. */
	static final int DICTIONARY_BYTES = 16 * 1024;

	private static final long SEED = 20261130L;

	private static final String[] FIELDS = { "id", "sku", "name", "title", "description", "summary", "price",
			"amount", "currency", "quantity", "stock", "tags", "category", "brand", "status", "active", "enabled",
			"email", "username", "displayName", "firstName", "lastName", "country", "city", "createdAt",
			"updatedAt", "expiresAt", "version", "type", "code", "url", "items", "total", "rating", "count" };

	private static final String[] TYPE_IDS = { "ListN", "List12", "ArrayList", "SetN", "LinkedHashMap", "HashMap" };

	private ZstdDictionaryTrainer() {
	}

	public static void main(String[] args) throws IOException {
		Path root = Path.of(args[0]);
		List<String> sentences = sentences(root);
		Random random = new Random(SEED);
		List<byte[]> samples = new ArrayList<>();
		for (int i = 0; i < 6000; i++) {
			samples.add(sample(random, sentences).getBytes(StandardCharsets.UTF_8));
		}
		byte[] dictionary = new byte[DICTIONARY_BYTES];
		long size = Zstd.trainFromBuffer(samples.toArray(new byte[0][]), dictionary);
		if (Zstd.isError(size)) {
			throw new IllegalStateException("Training failed: " + Zstd.getErrorName(size));
		}
		Files.write(Path.of(args[1]), Arrays.copyOf(dictionary, (int) size));
		System.out.printf("%d samples from %d sentences, dictionary of %d bytes, id %d%n", samples.size(),
				sentences.size(), size, Zstd.getDictIdFromDict(dictionary));
	}

	private static List<String> sentences(Path root) throws IOException {
		List<Path> files = new ArrayList<>();
		files.add(root.resolve("README.md"));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		List<String> sentences = new ArrayList<>();
		for (Path file : files) {
			for (String line : Files.readAllLines(file)) {
				String text = line.replaceAll("`[^`]*`|\\[([^\\]]*)\\]\\([^)]*\\)|[*#|>_]", "$1").strip();
				if (text.length() < 40 || text.startsWith("-") && text.length() < 60 || text.contains("http")) {
					continue;
				}
				for (String sentence : text.split("(?<=[.!?]) ")) {
					if (sentence.length() >= 20 && sentence.chars().allMatch((c) -> c >= 32 && c < 127 && c != '"'
							&& c != '\\')) {
						sentences.add(sentence);
					}
				}
			}
		}
		return sentences;
	}

	private static String sample(Random random, List<String> sentences) {
		StringBuilder json = new StringBuilder("{");
		int fields = 4 + random.nextInt(9);
		for (int f = 0; f < fields; f++) {
			if (f > 0) {
				json.append(',');
			}
			json.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":");
			switch (random.nextInt(8)) {
				case 0 -> json.append(random.nextInt(100_000));
				case 1 -> json.append(random.nextInt(100_000) / 100.0);
				case 2 -> json.append(random.nextBoolean());
				case 3 -> json.append(String.format("\"20%02d-%02d-%02dT%02d:%02d:%02d.%06dZ\"", 20 + random.nextInt(8),
						1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
						random.nextInt(60), random.nextInt(1_000_000)));
				case 4 -> {
					json.append("[\"").append(TYPE_IDS[random.nextInt(TYPE_IDS.length)]).append("\",[");
					int words = 1 + random.nextInt(5);
					for (int w = 0; w < words; w++) {
						String[] candidates = sentences.get(random.nextInt(sentences.size())).toLowerCase().split("\\W+");
						json.append((w > 0) ? ",\"" : "\"").append(candidates[random.nextInt(candidates.length)]).append('"');
					}
					json.append("]]");
				}
				case 5, 6 -> {
					json.append('"');
					int count = 1 + random.nextInt(4);
					for (int s = 0; s < count; s++) {
						json.append((s > 0) ? " " : "").append(sentences.get(random.nextInt(sentences.size())));
					}
					json.append('"');
				}
				default -> {
					String sentence = sentences.get(random.nextInt(sentences.size()));
					json.append('"').append(sentence, 0, Math.min(sentence.length(), 8 + random.nextInt(40))).append('"');
				}
			}
		}
		return json.append('}').toString();
	}

}
