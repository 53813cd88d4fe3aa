package dev.cacheplatform.cache.fault;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import dev.cacheplatform.cache.CacheFaultCounters;
import dev.cacheplatform.codec.UnreadableReason;
import dev.cacheplatform.codec.ValueUnreadableException;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Makes a cached value whose type does not fit the calling {@code @Cacheable} method a miss instead of a
 * {@code ClassCastException}: another method's value under the same key, a value written before a deploy
 * changed the method's return type, or bytes planted in Redis. The method runs, the entry is deleted and
 * the method's value replaces it; each such entry is counted as {@link UnreadableReason#WRONG_TYPE} and
 * logged at most once per cache per log interval.
 * <p>
 * Why a {@link CacheResolver}: Spring's {@code CacheAspectSupport} reads with {@code Cache.get(key)} and
 * returns the value as it is (unwrapping only {@code Optional}), so the cast fails in the caller, after
 * every cache hook ({@code CacheErrorHandler}, the cache itself) has returned. The cache does not know
 * the method; the resolver does, and runs for every invocation before the read. So it hands the aspect,
 * for {@code @Cacheable} operations only, a view of each cache that checks hits against the method's
 * return type: the type itself (primitives boxed), the element of {@code Optional} and
 * {@code CompletableFuture}, and no check for reactive types (Spring caches their elements) or
 * {@code Object}. Generic parameters are not checked: a {@code List} of the wrong elements still fits.
 * The views are made once per method and cache, so the check costs one {@code Class.isInstance} per
 * hit; a view sends nothing of its own to the backend but the deletion ({@code evictIfPresent}) of a
 * wrong-typed entry.
 */
public final class TypeCheckingCacheResolver implements CacheResolver {

	private final CacheResolver delegate;

	private final CacheFaultCounters counters;

	private final FaultLog log;

	/** Per method: its views, reused while the delegate resolves the same caches (it usually does). */
	private final ConcurrentMap<Method, Views> views = new ConcurrentHashMap<>();

	/**
	 * @param delegate resolves the caches (usually Spring's {@code SimpleCacheResolver} over the cache manager)
	 * @param counters where wrong-typed entries are counted
	 * @param logInterval at most one line per cache per interval
	 */
	public TypeCheckingCacheResolver(CacheResolver delegate, CacheFaultCounters counters, Duration logInterval) {
		this(delegate, counters, logInterval, System::nanoTime);
	}

	/**
	 * @param delegate resolves the caches
	 * @param counters where wrong-typed entries are counted
	 * @param logInterval at most one line per cache per interval
	 * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}); a fake in tests
	 */
	public TypeCheckingCacheResolver(CacheResolver delegate, CacheFaultCounters counters, Duration logInterval,
			LongSupplier nanoTime) {
		this.delegate = delegate;
		this.counters = counters;
		this.log = new FaultLog("Cache type check", logInterval, nanoTime);
	}

	@Override
	public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
		Collection<? extends Cache> caches = this.delegate.resolveCaches(context);
		if (!(context.getOperation() instanceof CacheableOperation)) {
			return caches;
		}
		Method method = context.getMethod();
		Views views = this.views.get(method);
		if (views == null || !views.resolvedFrom(caches)) {
			views = new Views(method, expectedType(method), caches, this);
			this.views.put(method, views);
		}
		return views.caches();
	}

	/** The type a cached value must have for the method to return it; {@code Object} for no check. */
	static Class<?> expectedType(Method method) {
		Class<?> returnType = method.getReturnType();
		if (returnType == void.class || returnType == Void.class) {
			return Object.class;
		}
		if (returnType == Optional.class) {
			return ResolvableType.forMethodReturnType(method).getGeneric(0).resolve(Object.class);
		}
		if (CompletableFuture.class.isAssignableFrom(returnType)) {
			return ResolvableType.forMethodReturnType(method).as(CompletableFuture.class).getGeneric(0)
				.resolve(Object.class);
		}
		if (ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType) != null) {
			return Object.class;
		}
		return ClassUtils.resolvePrimitiveIfNecessary(returnType);
	}

	/** Counts, logs and deletes a wrong-typed entry met by the view. */
	void wrongType(Cache cache, Object key, Object value, Class<?> expected, Method method) {
		ValueUnreadableException ex = wrongTypeException(value.getClass(), expected,
				ClassUtils.getQualifiedMethodName(method) + " returns");
		this.counters.unreadable(UnreadableReason.WRONG_TYPE, cache.getName());
		this.log.badEntry(cache.getName(), UnreadableReason.WRONG_TYPE, String.valueOf(ex.getMessage()));
		cache.evictIfPresent(key);
	}

	/** The views of one method over the caches it resolved to; the caches themselves when nothing is checked. */
	private static final class Views {

		private final List<Cache> resolved;

		private final List<Cache> checked;

		Views(Method method, Class<?> expected, Collection<? extends Cache> caches, TypeCheckingCacheResolver resolver) {
			this.resolved = List.copyOf(caches);
			if (expected == Object.class) {
				this.checked = this.resolved;
			}
			else {
				List<Cache> views = new ArrayList<>(caches.size());
				for (Cache cache : caches) {
					views.add(new TypeCheckedCache(cache, expected, method, resolver));
				}
				this.checked = List.copyOf(views);
			}
		}

		boolean resolvedFrom(Collection<? extends Cache> caches) {
			if (caches.size() != this.resolved.size()) {
				return false;
			}
			int i = 0;
			for (Cache cache : caches) {
				if (cache != this.resolved.get(i++)) {
					return false;
				}
			}
			return true;
		}

		List<Cache> caches() {
			return this.checked;
		}

	}

	/**
	 * @param actual the type of the cached value
	 * @param expected the type the caller needs
	 * @param caller who needs it, as the start of a sentence ending in the type ({@code X.y returns})
	 * @return the exception describing the mismatch, naming types only
	 */
	static ValueUnreadableException wrongTypeException(Class<?> actual, Class<?> expected, String caller) {
		return new ValueUnreadableException(UnreadableReason.WRONG_TYPE, "Cannot use cached value: it is a "
				+ actual.getName() + ", but " + caller + " " + expected.getName(), null);
	}

}
