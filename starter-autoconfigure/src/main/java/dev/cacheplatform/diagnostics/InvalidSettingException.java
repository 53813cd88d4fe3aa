package dev.cacheplatform.diagnostics;

/**
 * A Cache Platform setting whose value cannot be used. Carries which setting (the environment
 * variable and/or property), the value as it may be shown (secrets already masked) and what is
 * accepted, so that {@link InvalidSettingFailureAnalyzer} can print a report without a stack trace.
 */
public class InvalidSettingException extends RuntimeException {

	private final String setting;

	private final String displayValue;

	private final String problem;

	private final String accepted;

	/**
	 * Creates an exception for a bad setting.
	 * @param setting the setting as the user knows it, e.g. {@code REDIS_URL (cache-platform.redis.url)}
	 * @param displayValue the value, with any password already masked by {@link Redaction}
	 * @param problem what is wrong with the value
	 * @param accepted what would be accepted instead
	 */
	public InvalidSettingException(String setting, String displayValue, String problem, String accepted) {
		super("Invalid value '" + displayValue + "' for " + setting + ": " + problem + ". Accepted: " + accepted);
		this.setting = setting;
		this.displayValue = displayValue;
		this.problem = problem;
		this.accepted = accepted;
	}

	/** @return the setting as the user knows it */
	public String getSetting() {
		return this.setting;
	}

	/** @return the value, safe to print */
	public String getDisplayValue() {
		return this.displayValue;
	}

	/** @return what is wrong with the value */
	public String getProblem() {
		return this.problem;
	}

	/** @return what the setting accepts */
	public String getAccepted() {
		return this.accepted;
	}

}
