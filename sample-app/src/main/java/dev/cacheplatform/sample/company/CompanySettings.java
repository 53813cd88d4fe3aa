package dev.cacheplatform.sample.company;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A company's invoicing settings: what its invoices look like and which taxes they charge.
 */
@Entity
@Table(name = "company_settings")
public class CompanySettings implements Serializable {

	private static final long serialVersionUID = 1L;

	@Id
	@Column(length = 64)
	private String companyId;

	@Version
	private long version;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false, length = 3)
	private String currency;

	@Column(nullable = false)
	private String timezone;

	private int paymentTermsDays;

	@Column(nullable = false)
	private String invoiceNumberPattern;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "company_tax_rates", joinColumns = @JoinColumn(name = "company_id"))
	@OrderColumn(name = "position")
	private List<TaxRate> taxRates = new ArrayList<>();

	@Column(nullable = false)
	private Instant updatedAt;

	protected CompanySettings() {
		this.companyId = "";
		this.name = "";
		this.currency = "";
		this.timezone = "";
		this.invoiceNumberPattern = "";
		this.updatedAt = Instant.EPOCH;
	}

	public CompanySettings(String companyId, String name, String currency, String timezone, int paymentTermsDays,
			String invoiceNumberPattern, List<TaxRate> taxRates, Instant updatedAt) {
		this.companyId = companyId;
		this.name = name;
		this.currency = currency;
		this.timezone = timezone;
		this.paymentTermsDays = paymentTermsDays;
		this.invoiceNumberPattern = invoiceNumberPattern;
		this.taxRates.addAll(taxRates);
		this.updatedAt = updatedAt;
	}

	public String getCompanyId() {
		return this.companyId;
	}

	public long getVersion() {
		return this.version;
	}

	public String getName() {
		return this.name;
	}

	public String getCurrency() {
		return this.currency;
	}

	public String getTimezone() {
		return this.timezone;
	}

	public int getPaymentTermsDays() {
		return this.paymentTermsDays;
	}

	public String getInvoiceNumberPattern() {
		return this.invoiceNumberPattern;
	}

	/**
	 * @return the taxes an invoice charges, in the order they are printed
	 */
	public List<TaxRate> getTaxRates() {
		return List.copyOf(this.taxRates);
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	void change(String currency, int paymentTermsDays, Instant now) {
		this.currency = currency;
		this.paymentTermsDays = paymentTermsDays;
		this.updatedAt = now;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof CompanySettings that && this.companyId.equals(that.companyId)
				&& this.version == that.version && this.name.equals(that.name) && this.currency.equals(that.currency)
				&& this.timezone.equals(that.timezone) && this.paymentTermsDays == that.paymentTermsDays
				&& this.invoiceNumberPattern.equals(that.invoiceNumberPattern)
				&& List.copyOf(this.taxRates).equals(List.copyOf(that.taxRates)) && this.updatedAt.equals(that.updatedAt));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.companyId, this.version);
	}

	@Override
	public String toString() {
		return "CompanySettings[" + this.companyId + " v" + this.version + "]";
	}

	/**
	 * A tax an invoice charges, such as VAT 19 %.
	 * @param name the name printed on the invoice
	 * @param percent the rate in percent
	 */
	@Embeddable
	public record TaxRate(String name, BigDecimal percent) implements Serializable {
	}

}
