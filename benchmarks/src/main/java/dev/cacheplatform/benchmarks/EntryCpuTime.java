package dev.cacheplatform.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cacheplatform.codec.Compression;
import dev.cacheplatform.codec.EnvelopeCodec;
import dev.cacheplatform.codec.Format;

/**
 * {@link EntrySize}'s encode and decode, timed in <em>CPU</em> time of the measuring thread instead of
 * wall time, for a machine that other work keeps busy: a thread waiting for a core is not charged, so
 * the figures move far less with the load than JMH's wall-clock ones (they still include cache misses
 * caused by the other work). Not a JMH benchmark: a plain {@code main} that warms up, then measures the
 * given encodings in turn, round after round, so drift in the load hits each alike, and prints the
 * median and the lowest round of each in CPU ns per operation, after the stored size of each.
 * <p>
 * {@code java -cp <benchmark classpath> dev.cacheplatform.benchmarks.EntryCpuTime [ENCODING ...]}; the
 * pseudo-encoding {@code BEFORE_COMPACT} decodes {@link EntryDecodeBeforeCompact#WRITTEN_BEFORE}.
 */
public final class EntryCpuTime {

	private static final int ROUNDS = 15;

	private static final int OPERATIONS = 10_000;

	private static final int WARM_UP_OPERATIONS = 100_000;

	private static Object sink;

	private EntryCpuTime() {
	}

	public static void main(String[] args) {
		List<String> names = (args.length > 0) ? List.of(args)
				: List.of("BEFORE_COMPACT", "ENVELOPE_DEFAULT", "ENVELOPE_NONE", "ENVELOPE_LZ4", "STOCK_JDK", "STOCK_JSON");
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		CatalogueItem value = CatalogueItem.sample();
		List<Runnable> operations = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		for (String name : names) {
			if (name.equals("BEFORE_COMPACT")) {
				EnvelopeCodec codec = new EnvelopeCodec(EntryEncoding.ALLOW_LIST, Format.JSON, Compression.ZSTD, 256,
						(warning) -> {
						});
				labels.add("decode " + name);
				operations.add(() -> sink = codec.decode(EntryDecodeBeforeCompact.WRITTEN_BEFORE));
				continue;
			}
			EntryEncoding.Codec codec = EntryEncoding.valueOf(name).create();
			byte[] stored = codec.encode(value);
			System.out.printf("# %s stores %,d bytes%n", name, stored.length);
			labels.add("encode " + name);
			operations.add(() -> sink = codec.encode(value));
			labels.add("decode " + name);
			operations.add(() -> sink = codec.decode(stored));
		}
		for (Runnable operation : operations) {
			for (int i = 0; i < WARM_UP_OPERATIONS; i++) {
				operation.run();
			}
		}
		double[][] perRound = new double[operations.size()][ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			for (int o = 0; o < operations.size(); o++) {
				Runnable operation = operations.get(o);
				long start = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < OPERATIONS; i++) {
					operation.run();
				}
				perRound[o][round] = (double) (threads.getCurrentThreadCpuTime() - start) / OPERATIONS;
			}
		}
		System.out.printf("# CPU ns/op over %d rounds of %,d operations, load average %s%n", ROUNDS, OPERATIONS,
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		for (int o = 0; o < operations.size(); o++) {
			double[] rounds = perRound[o];
			Arrays.sort(rounds);
			System.out.printf("%-40s median %,8.0f  lowest %,8.0f%n", labels.get(o), rounds[ROUNDS / 2], rounds[0]);
		}
	}

}
