package dev.cacheplatform.session.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.cacheplatform.env.EnvironmentVariablesInitializer;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Spring MVC application as a new user writes one: only the starter, environment variables, and a
 * {@code @RestController} that reads or sets {@code HttpSession} attributes and returns a short string.
 */
@SpringBootApplication
@RestController
public class PlainSessionApplication {

	/** Requests parked by {@code /slow}, by name, until the test releases them. */
	private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();

	/**
	 * Starts the application on a random port.
	 * @param environmentVariables the container environment
	 * @param properties further properties, {@code name=value}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> environmentVariables, String... properties) {
		return new SpringApplicationBuilder(PlainSessionApplication.class)
			.environment(EnvironmentVariablesInitializer.environmentWith(environmentVariables))
			.properties("server.port=0")
			.properties(properties)
			.run();
	}

	@GetMapping("/peek")
	String peek(HttpSession session) {
		return "a=" + session.getAttribute("a") + ", b=" + session.getAttribute("b");
	}

	@PostMapping("/set/{name}")
	String set(HttpSession session, @PathVariable String name, @RequestParam String value) {
		session.setAttribute(name, value);
		return "ok";
	}

	/** Reads the attribute, waits until the test opens the gate, then sets it: a slow request. */
	@PostMapping("/slow/{name}")
	String slow(HttpSession session, @PathVariable String name, @RequestParam String value,
			@RequestParam String gate) throws InterruptedException {
		Object before = session.getAttribute(name);
		arrival(gate).countDown();
		if (!gateOf(gate).await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("gate " + gate + " never opened");
		}
		session.setAttribute(name, value);
		return "was " + before;
	}

	CountDownLatch gateOf(String gate) {
		return this.gates.computeIfAbsent(gate, (name) -> new CountDownLatch(1));
	}

	CountDownLatch arrival(String gate) {
		return this.arrived.computeIfAbsent(gate, (name) -> new CountDownLatch(1));
	}

}
