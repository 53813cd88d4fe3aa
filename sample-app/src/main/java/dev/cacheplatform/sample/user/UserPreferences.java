package dev.cacheplatform.sample.user;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/**
 * A user of the invoicing app, the company they work for, and how they like to see things.
 */
@Entity
@Table(name = "user_preferences")
public class UserPreferences implements Serializable {

	private static final long serialVersionUID = 1L;

	@Id
	@Column(length = 64)
	private String username;

	@Column(nullable = false)
	private String displayName;

	@Column(nullable = false, length = 64)
	private String companyId;

	@Column(nullable = false, length = 8)
	private String language;

	@Column(nullable = false)
	private String dateFormat;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "user_dashboard_widgets", joinColumns = @JoinColumn(name = "username"))
	@OrderColumn(name = "position")
	@Column(name = "widget")
	private List<String> dashboardWidgets = new ArrayList<>();

	protected UserPreferences() {
		this.username = "";
		this.displayName = "";
		this.companyId = "";
		this.language = "";
		this.dateFormat = "";
	}

	public UserPreferences(String username, String displayName, String companyId, String language, String dateFormat,
			List<String> dashboardWidgets) {
		this.username = username;
		this.displayName = displayName;
		this.companyId = companyId;
		this.language = language;
		this.dateFormat = dateFormat;
		this.dashboardWidgets.addAll(dashboardWidgets);
	}

	public String getUsername() {
		return this.username;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public String getCompanyId() {
		return this.companyId;
	}

	public String getLanguage() {
		return this.language;
	}

	public String getDateFormat() {
		return this.dateFormat;
	}

	/**
	 * @return the dashboard's widgets, top to bottom
	 */
	public List<String> getDashboardWidgets() {
		return List.copyOf(this.dashboardWidgets);
	}

	void change(String language, String dateFormat) {
		this.language = language;
		this.dateFormat = dateFormat;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof UserPreferences that && this.username.equals(that.username)
				&& this.displayName.equals(that.displayName) && this.companyId.equals(that.companyId)
				&& this.language.equals(that.language) && this.dateFormat.equals(that.dateFormat)
				&& List.copyOf(this.dashboardWidgets).equals(List.copyOf(that.dashboardWidgets)));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.username, this.language, this.dateFormat);
	}

	@Override
	public String toString() {
		return "UserPreferences[" + this.username + "]";
	}

}
