package io.obsera.identity;

import io.obsera.model.control.Role;
import java.util.List;

/**
 * A successful sign-in: who, in which tenant with which role, every tenant the user belongs to, and
 * the session with its secrets (token for the cookie, CSRF token for the client).
 */
public record SignIn(
    UserRecord user,
    String tenantId,
    Role role,
    List<MembershipRecord> tenants,
    Sessions.Issued session) {}
