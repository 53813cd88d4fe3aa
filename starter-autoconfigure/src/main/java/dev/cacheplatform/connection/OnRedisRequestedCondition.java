package dev.cacheplatform.connection;

import dev.cacheplatform.env.RedisLocation;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnRedisRequested}; evaluated when beans are registered, so that a
 * {@code @ServiceConnection} bean counts.
 */
class OnRedisRequestedCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnRedisRequested.class);
		if (RedisLocation.isRequested(context.getEnvironment(), context.getBeanFactory())) {
			return ConditionOutcome.match(message.because("a Redis location, driver or session store is configured"));
		}
		return ConditionOutcome.noMatch(message.because("no Redis location, driver or session store is configured"));
	}

}
