package dev.cacheplatform.cache.values.partner;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * An offer from a partner library: a perfectly good value, which stock Spring's JDK serialization
 * stores, but its package is not on the allow-list.
 *
 * @param code the offer code
 * @param discount the discount
 */
public record PartnerOffer(String code, BigDecimal discount) implements Serializable {
}
