package dev.cacheplatform.cache.config;

import dev.cacheplatform.cache.CacheDriver;

import java.util.Locale;
import java.util.Map;

import dev.cacheplatform.env.RedisLocation;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnCacheDriver}. An unreadable driver name does not match here;
 * binding the properties reports it with the accepted values.
 */
class OnCacheDriverCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnCacheDriver.class.getName());
		java.util.List<CacheDriver> required = java.util.List.of((CacheDriver[]) attributes.get("value"));
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnCacheDriver.class, required);
		String bootType = context.getEnvironment().getProperty("spring.cache.type");
		if (bootType != null && !bootType.isBlank()) {
			return ConditionOutcome.noMatch(message.because("spring.cache.type=" + bootType + " hands caching to Spring Boot"));
		}
		String configured = context.getEnvironment().getProperty("cache-platform.cache.driver");
		CacheDriver driver;
		if (configured != null && !configured.isBlank()) {
			try {
				driver = CacheDriver.valueOf(configured.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
			}
			catch (IllegalArgumentException ex) {
				return ConditionOutcome.noMatch(message.because("the driver '" + configured + "' is unknown"));
			}
		}
		else {
			driver = RedisLocation.isConfigured(context.getEnvironment(), context.getBeanFactory()) ? CacheDriver.REDIS
					: CacheDriver.MEMORY;
		}
		return required.contains(driver) ? ConditionOutcome.match(message.because("the driver is " + driver.settingValue()))
				: ConditionOutcome.noMatch(message.because("the driver is " + driver.settingValue()));
	}

}
