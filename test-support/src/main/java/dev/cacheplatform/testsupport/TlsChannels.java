package dev.cacheplatform.testsupport;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * Puts TLS from a JDK {@link SSLContext} in front of a Lettuce channel, as {@link RespClient}'s
 * builder takes one (Lettuce's own TLS options build their context from key and trust material
 * instead). Used for one connection: {@link #awaitHandshake(Duration)} reports its outcome.
 */
final class TlsChannels implements NettyCustomizer {

  private final SSLContext sslContext;

  private final String host;

  private final int port;

  private final boolean verifyHostname;

  private final CompletableFuture<Future<Channel>> handshake = new CompletableFuture<>();

  TlsChannels(SSLContext sslContext, String host, int port, boolean verifyHostname) {
    this.sslContext = sslContext;
    this.host = host;
    this.port = port;
    this.verifyHostname = verifyHostname;
  }

  @Override
  public void afterChannelInitialized(Channel channel) {
    SSLEngine engine = sslContext.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    if (verifyHostname) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    SslHandler handler = new SslHandler(engine);
    channel.pipeline().addFirst("test-support-tls", handler);
    handshake.complete(handler.handshakeFuture());
  }

  /**
   * Returns why the handshake failed, if it has failed already (the channel may close before Lettuce
   * reports the connection, with a less telling exception).
   *
   * @return the handshake's failure, or {@code null}
   */
  @Nullable IOException failure() {
    Future<Channel> done = handshake.getNow(null);
    Throwable cause = (done != null) ? done.cause() : null;
    if (cause == null) {
      return null;
    }
    return (cause instanceof IOException io) ? io : new IOException(cause.getMessage(), cause);
  }

  /**
   * Waits for the TLS handshake of the connection.
   *
   * @param timeout how long to wait
   * @throws UncheckedIOException with the handshake's {@link IOException} (e.g. an
   *     {@code SSLHandshakeException}) as cause if it failed or did not finish in time
   */
  void awaitHandshake(Duration timeout) {
    try {
      Future<Channel> done = handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new UncheckedIOException(new IOException("TLS handshake did not finish within " + timeout));
      }
      IOException failure = failure();
      if (failure != null) {
        throw new UncheckedIOException("TLS handshake failed", failure);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("Interrupted during the TLS handshake", ex));
    } catch (ExecutionException | TimeoutException ex) {
      throw new UncheckedIOException(new IOException("No TLS channel was opened", ex));
    }
  }
}
