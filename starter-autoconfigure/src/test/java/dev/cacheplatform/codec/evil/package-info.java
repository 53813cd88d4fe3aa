/**
 * A stand-in gadget class, outside the tests' allow-list: decoding must never load it.
 */
package dev.cacheplatform.codec.evil;
