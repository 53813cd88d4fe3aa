package dev.cacheplatform.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser for the sample app's tests: real HTTP with {@link HttpClient}, its own cookie jar (so its
 * own session), and optionally a tenant sent as {@code X-Tenant-ID} on every request.
 */
public final class SampleClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final @Nullable String tenant;

	private final CookieManager cookies;

	private final HttpClient http;

	private SampleClient(URI base, @Nullable String tenant, CookieManager cookies) {
		this.base = base;
		this.tenant = tenant;
		this.cookies = cookies;
		this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
	}

	/**
	 * @param port the app's port on localhost
	 * @return a new browser with an empty cookie jar and no tenant
	 */
	public static SampleClient on(int port) {
		return new SampleClient(URI.create("http://localhost:" + port), null, new CookieManager());
	}

	/**
	 * @param tenant the tenant to send, or {@code null} for none
	 * @return a browser sharing this one's cookies that sends the tenant
	 */
	public SampleClient tenant(@Nullable String tenant) {
		return new SampleClient(this.base, tenant, this.cookies);
	}

	/**
	 * @param port another port on localhost
	 * @return a browser sharing this one's cookies and tenant that talks to that port
	 */
	public SampleClient port(int port) {
		return new SampleClient(URI.create("http://localhost:" + port), this.tenant, this.cookies);
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	public HttpResponse<String> post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	public HttpResponse<String> post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> put(String path, String json) {
		return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> delete(String path) {
		return send(request(path).DELETE());
	}

	/**
	 * Signs in.
	 * @param username one of the demo users: alice, bob (company acme), carol (globex)
	 * @return the response
	 */
	public HttpResponse<String> login(String username) {
		return post("/login", "{\"username\":\"" + username + "\"}");
	}

	/**
	 * @param repository a repository's simple name, e.g. {@code ExchangeRateRepository}
	 * @return how many times it has read the database, from {@code GET /stats/database-reads}
	 */
	public long databaseReads(String repository) {
		HttpResponse<String> response = get("/stats/database-reads");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /stats/database-reads answered " + response.statusCode());
		}
		JsonNode count = json(response.body()).get(repository);
		return (count != null) ? count.asLong() : 0;
	}

	/**
	 * @param body a JSON document
	 * @return its tree
	 */
	public static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(30));
		if (this.tenant != null) {
			request.header("X-Tenant-ID", this.tenant);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
