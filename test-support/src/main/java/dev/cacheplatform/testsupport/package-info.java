/**
 * Test support for the Cache Platform: starts and stops real {@code redis-server} processes
 * (standalone, TLS, unix socket, cluster, sentinel) on free loopback ports without Docker, plus a
 * tiny dependency-free RESP client to inspect server state independently of the code under test.
 */
@org.jspecify.annotations.NullMarked
package dev.cacheplatform.testsupport;
