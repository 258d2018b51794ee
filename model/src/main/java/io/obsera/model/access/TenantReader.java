package io.obsera.model.access;

import io.obsera.model.control.TenantRecord;
import java.util.regex.Pattern;

/**
 * A read-only ClickHouse user that sees only one tenant's rows: a row policy {@code TenantId =
 * '<tenantId>'} on every table of the Obsera database, plus the limits of {@link ReaderLimits}.
 *
 * @param tenantId the tenant whose rows the user sees
 * @param user the ClickHouse user name
 * @param password its password (never logged: {@link #toString()} leaves it out)
 */
public record TenantReader(String tenantId, String user, String password) {
  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public TenantReader {
    TenantRecord.requireValidId(tenantId);
    if (user == null || !USER.matcher(user).matches() || user.equals("default")) {
      throw new IllegalArgumentException(
          "reader user must match [A-Za-z_][A-Za-z0-9_]{0,63} and not be 'default': " + user);
    }
    if (password == null || password.length() < 8) {
      throw new IllegalArgumentException("password of reader " + user + " must have 8+ characters");
    }
  }

  /** The row filter every table of the Obsera database gets for this user. */
  public String rowFilter() {
    // tenant ids are [a-z0-9-] (checked above), so the literal needs no escaping
    return "TenantId = '" + tenantId + "'";
  }

  @Override
  public String toString() {
    return "TenantReader[tenant=" + tenantId + ", user=" + user + "]";
  }
}
