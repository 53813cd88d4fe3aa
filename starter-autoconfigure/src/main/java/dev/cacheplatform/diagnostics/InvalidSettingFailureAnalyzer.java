package dev.cacheplatform.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidSettingException} into Spring Boot's startup failure report: which
 * setting, its (redacted) value, and what it accepts.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		String description = "Cache Platform could not start because of an invalid setting.\n\n" + "    Setting: "
				+ cause.getSetting() + "\n    Value: '" + cause.getDisplayValue() + "'\n    Problem: "
				+ cause.getProblem();
		String action = "Review the value of " + cause.getSetting() + ". Accepted: " + cause.getAccepted();
		return new FailureAnalysis(description, action, cause);
	}

}
