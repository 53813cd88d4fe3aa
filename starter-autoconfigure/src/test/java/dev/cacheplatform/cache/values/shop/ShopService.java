package dev.cacheplatform.cache.values.shop;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.cacheplatform.cache.values.partner.PartnerOffer;
import org.hibernate.Hibernate;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cached service methods returning what real applications cache. Each method has a cache of its own
 * name and counts how often it really ran.
 */
@Service
@Transactional(readOnly = true)
public class ShopService {

	private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

	private final ProductRepository products;

	private final PurchaseOrderRepository orders;

	ShopService(ProductRepository products, PurchaseOrderRepository orders) {
		this.products = products;
		this.orders = orders;
	}

	/**
	 * @param cacheName a cache, named like its method
	 * @return how often the method of that cache really ran
	 */
	public int loads(String cacheName) {
		AtomicInteger count = this.loads.get(cacheName);
		return (count != null) ? count.get() : 0;
	}

	@Cacheable("product")
	public Product product(long id) {
		loaded("product");
		Product product = this.products.findById(id).orElseThrow();
		Hibernate.initialize(product.reviews());
		return product;
	}

	@Cacheable("products")
	public List<Product> products() {
		loaded("products");
		List<Product> all = this.products.findAllByOrderByNameAsc();
		all.forEach((product) -> Hibernate.initialize(product.reviews()));
		return all;
	}

	@Cacheable("productPage")
	public Page<Product> productPage(int page) {
		loaded("productPage");
		return initialized(this.products.findAll(PageRequest.of(page, 2, Sort.by("name"))));
	}

	@Cacheable("categoryPage")
	public Page<Product> categoryPage(Category category) {
		loaded("categoryPage");
		return initialized(
				this.products.findAllByCategory(category, PageRequest.of(0, 5, Sort.by(Sort.Order.desc("price")))));
	}

	@Cacheable("productSlice")
	public Slice<Product> productSlice(Category category) {
		loaded("productSlice");
		return initialized(this.products.findByCategory(category,
				PageRequest.of(0, 1, Sort.by(Sort.Order.asc("name").ignoreCase(), Sort.Order.desc("price")))));
	}

	@Cacheable("order")
	public PurchaseOrder order(long id) {
		loaded("order");
		PurchaseOrder order = this.orders.findById(id).orElseThrow();
		order.getLines();
		order.getNotes();
		return order;
	}

	@Cacheable("summary")
	public ProductSummary summary(long id) {
		loaded("summary");
		return ProductSummary.of(this.products.findById(id).orElseThrow());
	}

	@Cacheable("optionalSummary")
	public Optional<ProductSummary> optionalSummary(long id) {
		loaded("optionalSummary");
		return this.products.findById(id).map(ProductSummary::of);
	}

	@Cacheable("noSummary")
	public Optional<ProductSummary> noSummary(long id) {
		loaded("noSummary");
		return this.products.findById(-id).map(ProductSummary::of);
	}

	@Cacheable("summaries")
	public List<ProductSummary> summaries() {
		loaded("summaries");
		return this.products.findAllByOrderByNameAsc().stream().map(ProductSummary::of).toList();
	}

	@Cacheable("summaryArray")
	public ProductSummary[] summaryArray() {
		loaded("summaryArray");
		return this.products.findAllByOrderByNameAsc().stream().map(ProductSummary::of).toArray(ProductSummary[]::new);
	}

	@Cacheable("summariesByCategory")
	public Map<Category, List<ProductSummary>> summariesByCategory() {
		loaded("summariesByCategory");
		return this.products.findAll()
			.stream()
			.map(ProductSummary::of)
			.collect(Collectors.groupingBy(ProductSummary::category, () -> new EnumMap<>(Category.class),
					Collectors.toList()));
	}

	@Cacheable("pricesByName")
	public Map<String, BigDecimal> pricesByName() {
		loaded("pricesByName");
		Map<String, BigDecimal> prices = new LinkedHashMap<>();
		this.products.findAllByOrderByNameAsc().forEach((product) -> prices.put(product.getName(), product.getPrice()));
		return prices;
	}

	@Cacheable("categories")
	public Set<Category> categories() {
		loaded("categories");
		return this.products.findAll()
			.stream()
			.map(Product::getCategory)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class)));
	}

	@Cacheable("tagSets")
	public Map<String, Set<String>> tagSets() {
		loaded("tagSets");
		Map<String, Set<String>> tags = new TreeMap<>();
		this.products.findAll().forEach((product) -> tags.put(product.getName(), Set.copyOf(product.getTags())));
		return tags;
	}

	@Cacheable("shelf")
	public Shelf shelf(String label) {
		loaded("shelf");
		List<ProductSummary> summaries = summariesUncached();
		int[] counts = new int[summaries.size()];
		LocalDate[] restocked = new LocalDate[summaries.size()];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = 10 * (i + 1);
			restocked[i] = LocalDate.of(2026, 1, 1 + i);
		}
		return new Shelf(label, summaries.toArray(ProductSummary[]::new), counts, restocked);
	}

	@Cacheable("skus")
	public List<UUID> skus() {
		loaded("skus");
		return new ArrayList<>(this.products.findAllByOrderByNameAsc().stream().map(Product::getSku).toList());
	}

	@Cacheable("sku")
	public UUID sku(long id) {
		loaded("sku");
		return this.products.findById(id).orElseThrow().getSku();
	}

	@Cacheable("price")
	public BigDecimal price(long id) {
		loaded("price");
		return this.products.findById(id).orElseThrow().getPrice();
	}

	@Cacheable("category")
	public Category category(long id) {
		loaded("category");
		return this.products.findById(id).orElseThrow().getCategory();
	}

	@Cacheable("listedAt")
	public Instant listedAt(long id) {
		loaded("listedAt");
		return this.products.findById(id).orElseThrow().getListedAt();
	}

	@Cacheable("placedAt")
	public OffsetDateTime placedAt(long id) {
		loaded("placedAt");
		return this.orders.findById(id).orElseThrow().getPlacedAt();
	}

	@Cacheable("orderedOn")
	public LocalDate orderedOn(long id) {
		loaded("orderedOn");
		return this.orders.findById(id).orElseThrow().getOrderedOn();
	}

	@Cacheable("nextDelivery")
	public ZonedDateTime nextDelivery(String city) {
		loaded("nextDelivery");
		return ZonedDateTime.of(LocalDate.of(2026, 3, 29), LocalTime.of(2, 30), ZoneId.of("Europe/Paris"));
	}

	@Cacheable("deliveryWindow")
	public Duration deliveryWindow(String city) {
		loaded("deliveryWindow");
		return Duration.ofHours(2).plusMinutes(15);
	}

	@Cacheable("money")
	public Money money(String currency) {
		loaded("money");
		return new Money(new BigDecimal("19.90"), Currency.getInstance(currency));
	}

	@Cacheable("discount")
	public Discount discount(int percent) {
		loaded("discount");
		return new Discount(percent);
	}

	@Cacheable("offer")
	public PartnerOffer offer(String code) {
		loaded("offer");
		return new PartnerOffer(code, new BigDecimal("5.00"));
	}

	@Cacheable("quote")
	public LiveQuote quote(String product) {
		loaded("quote");
		return new LiveQuote(product, () -> new BigDecimal("3.20"));
	}

	private static <S extends Slice<Product>> S initialized(S products) {
		products.forEach((product) -> Hibernate.initialize(product.reviews()));
		return products;
	}

	private List<ProductSummary> summariesUncached() {
		return this.products.findAllByOrderByNameAsc().stream().map(ProductSummary::of).toList();
	}

	private void loaded(String cacheName) {
		this.loads.computeIfAbsent(cacheName, (name) -> new AtomicInteger()).incrementAndGet();
	}

}
