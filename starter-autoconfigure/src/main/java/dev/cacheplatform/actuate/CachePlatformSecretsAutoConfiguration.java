package dev.cacheplatform.actuate;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@link SanitizingFunction} that keeps Cache Platform's passwords, encryption keys and
 * URL credentials out of {@code /actuator/env} and {@code /actuator/configprops}, whatever their
 * {@code show-values} setting ({@link SecretSanitizingFunction}). Spring Boot's endpoints apply every
 * such bean.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class CachePlatformSecretsAutoConfiguration {

	@Bean
	SanitizingFunction cachePlatformSecretSanitizingFunction() {
		return new SecretSanitizingFunction();
	}

}
