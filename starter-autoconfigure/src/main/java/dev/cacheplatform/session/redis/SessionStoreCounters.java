package dev.cacheplatform.session.redis;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a session store has done since start, for the metrics to read (the session package knows no meter
 * registry): requests that used the store, session reads and writes, Redis commands sent, and failures by
 * kind. Commands per request is {@link #commands()} / {@link #requests()}: 1.00 when requests read an
 * unchanged session. Cache Platform's Redis repository counts all of these itself; for the other stores
 * (the memory store, Spring Session's indexed repository) the metrics count reads, writes and failures
 * around the repository, through the public {@code read()}, {@code write()} and {@code failed(...)}.
 */
public final class SessionStoreCounters {

	/** Why an operation of the store failed. */
	public enum Failure {

		/** Redis did not answer, refused or timed out: the session was not read or not saved. */
		UNAVAILABLE,

		/** A stored session could not be read (another format, a rotated key, tampering): it counts as absent. */
		UNREADABLE

	}

	private final LongAdder requests = new LongAdder();

	private final LongAdder reads = new LongAdder();

	private final LongAdder writes = new LongAdder();

	private final LongAdder commands = new LongAdder();

	private final LongAdder unavailable = new LongAdder();

	private final LongAdder unreadable = new LongAdder();

	/** @return requests (within a {@link SessionRequestScope}) that sent at least one command to the store */
	public long requests() {
		return this.requests.sum();
	}

	/** @return look-ups that read the store (repeated look-ups of one request are not reads) */
	public long reads() {
		return this.reads.sum();
	}

	/** @return saves and deletes that wrote to the store */
	public long writes() {
		return this.writes.sum();
	}

	/** @return Redis commands sent by the store */
	public long commands() {
		return this.commands.sum();
	}

	/**
	 * @param kind the kind of failure
	 * @return how many operations failed that way
	 */
	public long failures(Failure kind) {
		return (kind == Failure.UNAVAILABLE) ? this.unavailable.sum() : this.unreadable.sum();
	}

	void request() {
		this.requests.increment();
	}

	/** Counts one look-up that read the store. */
	public void read() {
		this.reads.increment();
	}

	/** Counts one save or delete that wrote to the store. */
	public void write() {
		this.writes.increment();
	}

	void command() {
		this.commands.increment();
	}

	/**
	 * Counts one failed operation.
	 * @param kind why it failed
	 */
	public void failed(Failure kind) {
		((kind == Failure.UNAVAILABLE) ? this.unavailable : this.unreadable).increment();
	}

}
