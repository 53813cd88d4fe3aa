package dev.cacheplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Freshly generated TLS material for a test: a self-signed CA and a server certificate signed by
 * it for {@code CN=localhost} with SANs {@code DNS:localhost} and {@code IP:127.0.0.1}, written as
 * PEM files to a temporary directory. Every {@link #generate()} call creates an unrelated CA.
 * Closing deletes the files (they are also deleted when the JVM exits).
 */
public final class TlsMaterial implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;

  private final X509Certificate caCertificate;

  private final X509Certificate serverCertificate;

  private @Nullable SSLContext sslContext;

  private TlsMaterial(Path directory, X509Certificate caCertificate,
      X509Certificate serverCertificate) {
    this.directory = directory;
    this.caCertificate = caCertificate;
    this.serverCertificate = serverCertificate;
  }

  /**
   * Generates a new CA and server certificate (RSA 2048, SHA-256, valid for one year).
   *
   * @return the material, with PEM files already written
   */
  public static TlsMaterial generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      KeyPair caKeys = generator.generateKeyPair();
      KeyPair serverKeys = generator.generateKeyPair();
      Instant now = Instant.now();
      Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
      Date notAfter = Date.from(now.plus(Duration.ofDays(365)));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

      X500Name caName = new X500Name("CN=Cache Platform Test CA "
          + Long.toHexString(RANDOM.nextLong()) + ",O=Cache Platform Tests");
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), notBefore,
          notAfter, caName, caKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withRSA")
          .build(caKeys.getPrivate());
      X509Certificate caCertificate = new JcaX509CertificateConverter()
          .getCertificate(ca.build(caSigner));

      X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, serial(),
          notBefore, notAfter, new X500Name("CN=localhost,O=Cache Platform Tests"),
          serverKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
              new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(caCertificate));
      X509Certificate serverCertificate = new JcaX509CertificateConverter()
          .getCertificate(server.build(caSigner));

      Path directory = Files.createTempDirectory("cache-platform-tls-");
      ProcessRegistry.registerDirectory(directory);
      writePem(directory.resolve("ca.crt"), "CERTIFICATE", caCertificate.getEncoded());
      writePem(directory.resolve("server.crt"), "CERTIFICATE", serverCertificate.getEncoded());
      // Java encodes RSA private keys as PKCS#8, i.e. "BEGIN PRIVATE KEY"
      writePem(directory.resolve("server.key"), "PRIVATE KEY",
          serverKeys.getPrivate().getEncoded());
      return new TlsMaterial(directory, caCertificate, serverCertificate);
    } catch (GeneralSecurityException | OperatorCreationException ex) {
      throw new IllegalStateException("Could not generate TLS material", ex);
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not write TLS material", ex);
    }
  }

  /**
   * Returns the directory holding the PEM files.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the CA certificate PEM file ({@code ca.crt}).
   *
   * @return the CA certificate file
   */
  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  /**
   * Returns the server certificate PEM file ({@code server.crt}).
   *
   * @return the server certificate file
   */
  public Path serverCertificate() {
    return directory.resolve("server.crt");
  }

  /**
   * Returns the unencrypted PKCS#8 PEM server private key file ({@code server.key}).
   *
   * @return the server key file
   */
  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /**
   * Returns the CA certificate.
   *
   * @return the CA certificate
   */
  public X509Certificate caX509Certificate() {
    return caCertificate;
  }

  /**
   * Returns the server certificate.
   *
   * @return the server certificate
   */
  public X509Certificate serverX509Certificate() {
    return serverCertificate;
  }

  /**
   * Returns an in-memory PKCS#12 trust store holding only the CA certificate (alias {@code ca}).
   *
   * @return the trust store
   */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", caCertificate);
      return store;
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Returns an {@link SSLContext} that trusts exactly this CA (no client certificate).
   *
   * @return the SSL context
   */
  public synchronized SSLContext trustStoreSslContext() {
    SSLContext context = sslContext;
    if (context == null) {
      try {
        TrustManagerFactory trustManagers =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trustStore());
        context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), RANDOM);
        sslContext = context;
      } catch (GeneralSecurityException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return context;
  }

  /** Deletes the PEM files. */
  @Override
  public void close() {
    ProcessRegistry.deleteRecursively(directory);
    ProcessRegistry.unregisterDirectory(directory);
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    Files.writeString(file,
        "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
