package dev.cacheplatform.session;

import java.util.List;

import dev.cacheplatform.session.redis.SessionStoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Spring MVC looks for flash attributes in the session on every request. While the session store is
 * unreachable, that look-up would fail requests that never use their session; here it simply finds no
 * flash attributes, and only requests that really read the session answer 503.
 */
public class SessionStoreTolerantFlashMapManager extends SessionFlashMapManager {

	@Override
	protected @Nullable List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
		try {
			return super.retrieveFlashMaps(request);
		}
		catch (SessionStoreUnavailableException ex) {
			return null;
		}
	}

	/**
	 * Replaces Spring MVC's default {@link SessionFlashMapManager} (defined by
	 * {@code WebMvcConfigurationSupport}, so it cannot simply be overridden as a bean).
	 */
	static class Installer implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean.getClass() == SessionFlashMapManager.class) {
				SessionFlashMapManager original = (SessionFlashMapManager) bean;
				SessionStoreTolerantFlashMapManager tolerant = new SessionStoreTolerantFlashMapManager();
				tolerant.setFlashMapTimeout(original.getFlashMapTimeout());
				tolerant.setUrlPathHelper(original.getUrlPathHelper());
				return tolerant;
			}
			return bean;
		}

	}

}
