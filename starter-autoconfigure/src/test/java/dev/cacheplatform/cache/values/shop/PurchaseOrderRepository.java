package dev.cacheplatform.cache.values.shop;

import org.springframework.data.jpa.repository.JpaRepository;

/** Orders. */
public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {

}
