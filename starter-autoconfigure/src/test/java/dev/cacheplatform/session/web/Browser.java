package dev.cacheplatform.session.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** One browser: its own cookie jar, so its requests share one session. */
final class Browser {

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	private final String base;

	Browser(int port) {
		this.base = "http://localhost:" + port;
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build());
	}

	HttpResponse<String> post(String path) {
		return send(post(URI.create(this.base + path)));
	}

	CompletableFuture<HttpResponse<String>> postAsync(String path) {
		return this.http.sendAsync(post(URI.create(this.base + path)), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest post(URI uri) {
		return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
