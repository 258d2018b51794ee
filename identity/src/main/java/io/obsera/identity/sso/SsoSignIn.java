package io.obsera.identity.sso;

import io.obsera.identity.Identity;
import io.obsera.identity.IdentityException;
import io.obsera.identity.Ids;
import io.obsera.identity.InviteRecord;
import io.obsera.identity.MembershipRecord;
import io.obsera.identity.SignIn;
import io.obsera.identity.UserRecord;
import io.obsera.model.control.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sign-in step of every single sign-on provider (OIDC, GitHub, SAML): a person the provider
 * vouched for becomes a session in the tenant, exactly like a password sign-in's (cookie and CSRF
 * token from {@link SignIn#session()}). Call it only with an identity whose proof was verified; it
 * decides who may in:
 *
 * <ol>
 *   <li>the provider must be one the tenant configured, and the email verified by it (else 403: an
 *       unverified email matches nobody);
 *   <li>an existing member signs in; with group mappings, their role follows their groups (the
 *       highest mapped role; none mapped: unchanged; the tenant's last admin is never demoted);
 *   <li>an invited email accepts its invite (role: the mapped one, else the invite's);
 *   <li>an email of an allowed domain, with just-in-time provisioning on, gets an account without
 *       password and a membership (role: the mapped one, else the default);
 *   <li>anyone else is refused (403) and nothing is created.
 * </ol>
 *
 * <p>Auditing is the caller's (the route sets the audit actor {@link ExternalIdentity#actor()} and
 * the tenant, success or not).
 */
public final class SsoSignIn {
  private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@([^@\\s]+\\.[^@\\s]+)");

  private final Identity identity;
  private final SsoSettingsStore settings;
  private final Clock clock;

  public SsoSignIn(Identity identity, SsoSettingsStore settings, Clock clock) {
    this.identity = identity;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Signs {@code who} in to {@code tenant}. Throws {@link IdentityException} (403) naming why it
   * refused; a refusal creates nothing.
   */
  public synchronized SignIn signIn(String tenant, ExternalIdentity who) {
    SsoSettings s =
        settings
            .get(tenant)
            .orElseThrow(() -> refused("tenant " + tenant + " has no single sign-on"));
    if (!s.providers().contains(who.provider())) {
      throw refused("tenant " + tenant + " does not offer sign-in with " + who.provider());
    }
    String email = UserRecord.normalizeEmail(who.email());
    var m = EMAIL.matcher(email);
    if (!m.matches()) {
      throw refused("the identity provider gave no email address for this account");
    }
    if (!who.emailVerified()) {
      throw refused(
          "the identity provider has not verified the email "
              + email
              + "; verify it there, then sign in again");
    }
    Role mapped = mappedRole(s.roleMappingsFor(who.provider()), who);
    Optional<UserRecord> user = identity.directory().userByEmail(email);
    Optional<MembershipRecord> member =
        user.flatMap(u -> identity.directory().membership(tenant, u.id()));
    if (member.isPresent()) {
      if (mapped != null && mapped != member.get().role()) {
        followGroups(member.get(), mapped, who);
      }
      return identity.signIn(user.get(), tenant);
    }
    Optional<InviteRecord> invite = identity.invites().pendingFor(tenant, email);
    if (invite.isPresent()) {
      UserRecord u = user.orElseGet(() -> newUser(email, who));
      join(tenant, u, mapped != null ? mapped : invite.get().role(), who);
      identity.invites().acceptedBySso(invite.get());
      return identity.signIn(u, tenant);
    }
    String domain = m.group(1);
    if (s.jitProvisioning() && s.allowedEmailDomains().contains(domain)) {
      UserRecord u = user.orElseGet(() -> newUser(email, who));
      join(tenant, u, mapped != null ? mapped : s.defaultRole(), who);
      return identity.signIn(u, tenant);
    }
    throw refused(
        email
            + " is not a member of tenant "
            + tenant
            + " and has no invite"
            + (s.jitProvisioning() ? ", and its domain is not allowed to join" : "")
            + "; ask an admin of the tenant for an invite");
  }

  private void followGroups(MembershipRecord current, Role mapped, ExternalIdentity who) {
    try {
      identity
          .directory()
          .putMembership(
              new MembershipRecord(
                  current.tenantId(), current.userId(), mapped, clock.instant(), who.actor()));
    } catch (IdentityException e) {
      if (e.kind() != IdentityException.Kind.CONFLICT) {
        throw e;
      }
      log.info("kept the role of the last admin of {}: {}", current.tenantId(), e.getMessage());
    }
  }

  private UserRecord newUser(String email, ExternalIdentity who) {
    Instant now = clock.instant();
    String name = who.name() == null || who.name().isBlank() ? email : who.name().strip();
    UserRecord u =
        new UserRecord(
            Ids.user(),
            email,
            name.length() > 200 ? name.substring(0, 200) : name,
            null,
            now,
            now,
            who.actor());
    identity.directory().putUser(u);
    return u;
  }

  private void join(String tenant, UserRecord u, Role role, ExternalIdentity who) {
    identity
        .directory()
        .putMembership(new MembershipRecord(tenant, u.id(), role, clock.instant(), who.actor()));
  }

  /** The highest role any of the person's groups maps to, or null when none is mapped. */
  static Role mappedRole(Map<String, Role> mappings, ExternalIdentity who) {
    Role best = null;
    for (String g : who.groups()) {
      Role r = mappings.get(g);
      if (r != null && (best == null || r.includes(best))) {
        best = r;
      }
    }
    return best;
  }

  private static IdentityException refused(String message) {
    return new IdentityException(IdentityException.Kind.FORBIDDEN, message);
  }
}
