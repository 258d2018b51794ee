package io.obsera.identity;

import io.obsera.model.control.Role;
import io.obsera.platform.send.OperatorMail;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The e-mails of people's accounts, sent through the operator's mail sender: an invite with its
 * accept link, a password reset with its link. Links start at {@code OBSERA_PUBLIC_URL}, never at a
 * request's {@code Host} header.
 */
public final class IdentityMail {
  private final OperatorMail mail;
  private final String publicUrl;

  IdentityMail(OperatorMail mail, String publicUrl) {
    this.mail = mail;
    this.publicUrl = publicUrl;
  }

  /** Whether the operator configured a sender; without one no mail is sent. */
  public boolean configured() {
    return mail.configured();
  }

  /** The accept link of an invite token. */
  public String inviteUrl(String base, String token) {
    return base + "/invite/" + token;
  }

  /** Mails the invite's accept link to its address. */
  public CompletableFuture<Void> invite(Invites.Issued issued, String tenantName) {
    String link = inviteUrl(publicUrl, issued.token());
    Role role = issued.invite().role();
    String text =
        "You are invited to join "
            + tenantName
            + " on Obsera as "
            + role.name().toLowerCase(java.util.Locale.ROOT)
            + ".\n\nAccept the invite: "
            + link
            + "\n\nThe link works once, until "
            + issued.invite().expiresAt()
            + ".\n";
    return mail.send(
        issued.invite().email(),
        "Your invite to " + tenantName + " on Obsera",
        text,
        html(text, link));
  }

  /** Mails a password reset link to the account's address. */
  CompletableFuture<Void> passwordReset(PasswordResets.Issued issued, Duration ttl) {
    String link = publicUrl + "/password-reset/" + issued.token();
    String text =
        "Someone asked to reset the password of your Obsera account "
            + issued.user().email()
            + ".\n\nSet a new password: "
            + link
            + "\n\nThe link works once, for "
            + ttl.toMinutes()
            + " minutes. If it was not you, ignore this mail: your password stays as it is.\n";
    return mail.send(issued.user().email(), "Reset your Obsera password", text, html(text, link));
  }

  private static String html(String text, String link) {
    String escaped =
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    String href = link.replace("&", "&amp;").replace("\"", "&quot;");
    return "<p>" + escaped.replace(href, "<a href=\"" + href + "\">" + href + "</a>") + "</p>";
  }
}
