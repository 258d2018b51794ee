package io.obsera.model.alert.channel;

import java.util.List;

/**
 * E-mail through an SMTP server.
 *
 * @param id channel id
 * @param host the SMTP server
 * @param port its port (25, 465, 587...)
 * @param tls none, STARTTLS or implicit TLS
 * @param user login; null for a server without authentication
 * @param password the login's password (required with {@code user})
 * @param from the sender address
 * @param to 1-50 recipient addresses
 */
public record SmtpChannel(
    String id,
    String host,
    int port,
    SmtpTls tls,
    String user,
    String password,
    String from,
    List<String> to)
    implements Channel {
  public SmtpChannel {
    ChannelFields.id(id);
    ChannelFields.host("host", host);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("field 'port' must be between 1 and 65535, got " + port);
    }
    if (tls == null) {
      throw new IllegalArgumentException("field 'tls' must be one of NONE, STARTTLS, IMPLICIT");
    }
    if (user != null) {
      ChannelFields.text("user", user, 256);
      ChannelFields.secret("password", password, 1);
    } else if (password != null) {
      throw new IllegalArgumentException("field 'password' needs field 'user'");
    }
    ChannelFields.email("from", from);
    to = ChannelFields.recipients("to", to, ChannelFields::email);
  }

  @Override
  public ChannelType type() {
    return ChannelType.SMTP;
  }

  @Override
  public String destination() {
    return "smtp://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return "SmtpChannel[id="
        + id
        + ", host="
        + host
        + ", port="
        + port
        + ", tls="
        + tls
        + ", user="
        + user
        + ", password=***, from="
        + from
        + ", to="
        + to
        + "]";
  }
}
