package dev.cacheplatform.session;

import java.util.Locale;

import dev.cacheplatform.env.RedisLocation;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnSessionStore}. An unknown store name does not match; binding the
 * properties reports it with the accepted values.
 */
class OnSessionStoreCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		SessionStore required = (SessionStore) metadata.getAnnotationAttributes(ConditionalOnSessionStore.class.getName())
			.get("value");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnSessionStore.class, required);
		String configured = context.getEnvironment().getProperty("cache-platform.session.store");
		SessionStore store;
		if (configured != null && !configured.isBlank()) {
			try {
				store = SessionStore.valueOf(configured.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				return ConditionOutcome.noMatch(message.because("the store '" + configured + "' is unknown"));
			}
		}
		else {
			store = RedisLocation.isConfigured(context.getEnvironment(), context.getBeanFactory()) ? SessionStore.REDIS
					: SessionStore.MEMORY;
		}
		return (store == required) ? ConditionOutcome.match(message.because("the store is " + store))
				: ConditionOutcome.noMatch(message.because("the store is " + store));
	}

}
