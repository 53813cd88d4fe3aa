package dev.cacheplatform.tenant;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A tenant id outside the accepted form. It never reaches Redis: not in a key, not in a SCAN pattern.
 * In a web request it answers 400 Bad Request.
 */
@ResponseStatus(value = HttpStatus.BAD_REQUEST, reason = "Invalid tenant id")
public class InvalidTenantIdException extends IllegalArgumentException {

	/**
	 * @param message what is wrong, with the offending id made printable
	 */
	public InvalidTenantIdException(String message) {
		super(message);
	}

}
