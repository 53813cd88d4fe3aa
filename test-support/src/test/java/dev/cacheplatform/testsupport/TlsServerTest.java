package dev.cacheplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsServerTest {

  @Test
  void answersOverTlsOnlyToClientsTrustingTheCa() throws Exception {
    try (TlsMaterial material = TlsMaterial.generate();
        TlsMaterial otherCa = TlsMaterial.generate();
        RedisServer server = RedisServer.builder().tls(material).password("pw").start()) {
      assertThat(Files.readString(material.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----");
      assertThat(Files.readString(material.caCertificate()))
          .startsWith("-----BEGIN CERTIFICATE-----");
      X509Certificate certificate = material.serverX509Certificate();
      assertThat(certificate.getSubjectAlternativeNames())
          .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
      certificate.verify(material.caX509Certificate().getPublicKey());

      assertThat(server.url()).isEqualTo("rediss://:pw@127.0.0.1:" + server.port());
      try (RespClient client = server.client()) {
        client.set("k", "v");
        assertThat(client.get("k")).isEqualTo("v");
        assertThat(client.command("CONFIG", "GET", "port")).isEqualTo(List.of("port", "0"));
      }
      assertThatThrownBy(() -> RespClient.builder().port(server.port()).password("pw")
          .sslContext(otherCa.trustStoreSslContext()).connect())
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> {
        try (RespClient plain = RespClient.builder().port(server.port())
            .timeout(Duration.ofSeconds(2)).connect()) {
          plain.ping();
        }
      }).isInstanceOf(UncheckedIOException.class);
    }
  }
}
