package dev.cacheplatform.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Thrown when a requested record does not exist; answers 404. Thrown from a {@code @Cacheable}
 * method, it is not cached, so a record added later is found.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class NotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param what what was looked for, e.g. "exchange rate EUR-XYZ"
	 */
	public NotFoundException(String what) {
		super("No " + what);
	}

}
