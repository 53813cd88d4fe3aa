package dev.cacheplatform.codec.evil;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts {@link Gadget} initialisations and instantiations; kept apart so reading it does not trigger them. */
public final class Tripwire {

	/** How many times Gadget code ran. */
	public static final AtomicInteger TRIGGERED = new AtomicInteger();

	private Tripwire() {
	}

}
