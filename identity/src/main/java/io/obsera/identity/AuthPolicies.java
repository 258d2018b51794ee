package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import java.time.Clock;

/**
 * Each tenant's sign-in policy: whether password sign-in needs a second factor. A member of such a
 * tenant without an active TOTP enrolment gets, at sign-in, a session that can only enrol ({@link
 * SessionRecord#mfaEnrolmentRequired()}).
 */
public final class AuthPolicies {
  private final KeyedTopicView<AuthPolicyRecord> view;
  private final ControlPlaneWriter writer;
  private final Clock clock;

  AuthPolicies(KeyedTopicView<AuthPolicyRecord> view, ControlPlaneWriter writer, Clock clock) {
    this.view = view;
    this.writer = writer;
    this.clock = clock;
  }

  /** The policy of {@code tenant} (none stored: MFA not required). */
  public AuthPolicyRecord of(String tenant) {
    return view.get(tenant).orElse(new AuthPolicyRecord(tenant, false, null, null));
  }

  public boolean mfaRequired(String tenant) {
    return of(tenant).mfaRequired();
  }

  /** Sets the policy of {@code tenant}; visible here when this returns. */
  public AuthPolicyRecord put(String tenant, boolean mfaRequired, String actor) {
    AuthPolicyRecord p = new AuthPolicyRecord(tenant, mfaRequired, clock.instant(), actor);
    writer.put(Topics.CONTROL_AUTH_POLICIES, tenant, p);
    Visibility.await("sign-in policy", () -> p.equals(view.get(tenant).orElse(null)));
    return p;
  }
}
