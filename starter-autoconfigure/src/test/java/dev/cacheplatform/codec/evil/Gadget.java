package dev.cacheplatform.codec.evil;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** Trips {@link Tripwire} when initialised, constructed or deserialized. */
public class Gadget implements Serializable {

	private static final long serialVersionUID = 1L;

	static {
		Tripwire.TRIGGERED.incrementAndGet();
	}

	private boolean armed = true;

	public Gadget() {
		Tripwire.TRIGGERED.incrementAndGet();
	}

	public boolean armed() {
		return this.armed;
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		Tripwire.TRIGGERED.incrementAndGet();
		in.defaultReadObject();
	}

}
