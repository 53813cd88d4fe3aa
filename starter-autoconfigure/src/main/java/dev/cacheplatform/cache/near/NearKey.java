package dev.cacheplatform.cache.near;

import dev.cacheplatform.cache.CacheScope;

/** An entry's key in level one: the cache scope and the cache key, with the hash computed once. */
final class NearKey {

	private final CacheScope scope;

	private final Object key;

	private final int hash;

	NearKey(CacheScope scope, int scopeHash, Object key) {
		this.scope = scope;
		this.key = key;
		this.hash = 31 * scopeHash + key.hashCode();
	}

	CacheScope scope() {
		return this.scope;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof NearKey that && this.hash == that.hash
				&& this.key.equals(that.key) && this.scope.equals(that.scope));
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public String toString() {
		return this.scope.qualifiedName() + "::" + this.key;
	}

}
