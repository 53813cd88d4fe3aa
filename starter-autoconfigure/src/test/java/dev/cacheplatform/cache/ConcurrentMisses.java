package dev.cacheplatform.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers that miss one key at the same moment, as {@code @Cacheable(sync = true)} calls do: for each of many
 * keys, a group of threads released together calls {@link Cache#get(Object, java.util.concurrent.Callable)}.
 * Some callers miss just before another caller's load lands and ask for their own load just after it ended,
 * the race a store's single flight must close by reading the key again.
 */
public final class ConcurrentMisses {

	private ConcurrentMisses() {
	}

	/**
	 * @param cache the cache under test
	 * @param keys how many keys, one group of callers each
	 * @param callers the threads of a group
	 * @return how many times the loader ran, per key
	 */
	public static AtomicIntegerArray loadsPerKey(Cache cache, int keys, int callers) {
		AtomicIntegerArray loads = new AtomicIntegerArray(keys);
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			for (int k = 0; k < keys; k++) {
				int index = k;
				CyclicBarrier start = new CyclicBarrier(callers);
				List<Future<Object>> calls = new ArrayList<>();
				for (int c = 0; c < callers; c++) {
					calls.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return cache.get("miss-" + index, () -> {
							loads.incrementAndGet(index);
							return "value-" + index;
						});
					}));
				}
				for (Future<Object> call : calls) {
					assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("value-" + index);
				}
			}
			return loads;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
