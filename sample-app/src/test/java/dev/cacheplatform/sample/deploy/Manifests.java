package dev.cacheplatform.sample.deploy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes objects of a rendered chart, parsed with SnakeYAML, with the few lookups the chart tests
 * need. Objects are plain maps, as the YAML has them.
 */
final class Manifests {

	private final List<Map<String, Object>> objects;

	private Manifests(List<Map<String, Object>> objects) {
		this.objects = objects;
	}

	/**
	 * @param rendered the output of {@code helm template}
	 * @return the objects it holds
	 */
	@SuppressWarnings("unchecked")
	static Manifests parse(String rendered) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return new Manifests(objects);
	}

	/** @return every object as {@code Kind/name} */
	List<String> names() {
		return this.objects.stream().map((object) -> object.get("kind") + "/" + name(object)).toList();
	}

	/**
	 * @param kind the kind, e.g. {@code StatefulSet}
	 * @return the objects of that kind
	 */
	List<Map<String, Object>> ofKind(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	/**
	 * @param kind the kind
	 * @param name the object's name
	 * @return the object
	 * @throws AssertionError if there is none
	 */
	Map<String, Object> get(String kind, String name) {
		return find(kind, name).orElseThrow(() -> new AssertionError("No " + kind + "/" + name + " in " + names()));
	}

	Optional<Map<String, Object>> find(String kind, String name) {
		return this.objects.stream()
			.filter((object) -> kind.equals(object.get("kind")) && name.equals(name(object)))
			.findFirst();
	}

	/**
	 * @param workload a Deployment or StatefulSet
	 * @return its only container
	 */
	static Map<String, Object> container(Map<String, Object> workload) {
		List<Map<String, Object>> containers = list(podSpec(workload).get("containers"));
		if (containers.size() != 1) {
			throw new AssertionError("Expected one container in " + name(workload) + ": " + containers.size());
		}
		return containers.get(0);
	}

	static Map<String, Object> podSpec(Map<String, Object> workload) {
		return map(map(map(workload, "spec"), "template"), "spec");
	}

	/**
	 * @param container a container
	 * @return its environment variables by name, each the EnvVar object ({@code value} or {@code valueFrom})
	 */
	static Map<String, Map<String, Object>> env(Map<String, Object> container) {
		Map<String, Map<String, Object>> env = new LinkedHashMap<>();
		for (Map<String, Object> variable : list(container.get("env"))) {
			if (env.put(String.valueOf(variable.get("name")), variable) != null) {
				throw new AssertionError("Variable " + variable.get("name") + " is set twice");
			}
		}
		return env;
	}

	/**
	 * @param container a container
	 * @return the plain values of its environment variables (those without {@code valueFrom})
	 */
	static Map<String, String> plainEnv(Map<String, Object> container) {
		Map<String, String> values = new LinkedHashMap<>();
		env(container).forEach((name, variable) -> {
			if (variable.containsKey("value")) {
				values.put(name, String.valueOf(variable.get("value")));
			}
		});
		return values;
	}

	/**
	 * @param variable an EnvVar object
	 * @return its {@code valueFrom.secretKeyRef}, or {@code null}
	 */
	static @Nullable Map<String, Object> secretKeyRef(Map<String, Object> variable) {
		Object valueFrom = variable.get("valueFrom");
		return (valueFrom != null) ? map(valueFrom, "secretKeyRef") : null;
	}

	/**
	 * @param secret a Secret
	 * @return its data, decoded
	 */
	static Map<String, String> secretData(Map<String, Object> secret) {
		Map<String, String> data = new LinkedHashMap<>();
		map(secret, "data").forEach((key, value) -> data.put(key, new String(Base64.getDecoder().decode(String.valueOf(value)))));
		return data;
	}

	static String name(Map<String, Object> object) {
		return String.valueOf(map(object, "metadata").get("name"));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object object, String key) {
		Object value = ((Map<String, Object>) object).get(key);
		if (!(value instanceof Map)) {
			throw new AssertionError("'" + key + "' is not an object in " + object);
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(@Nullable Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

	@SuppressWarnings("unchecked")
	static List<String> strings(@Nullable Object value) {
		return (value != null) ? ((List<Object>) value).stream().map((item) -> Objects.toString(item)).toList()
				: List.of();
	}

}
