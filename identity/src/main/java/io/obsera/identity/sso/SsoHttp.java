package io.obsera.identity.sso;

import io.obsera.identity.IdentityException;
import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP client of single sign-on's back channel (discovery, JWKS, token exchange, GitHub API):
 * no redirects, 10 s timeouts, answers of at most 1 MiB. With a {@link TargetGuard}, every host is
 * resolved through it at each connection (the resolved addresses are the ones connected to, so a
 * DNS answer cannot change between check and use): a tenant-configured issuer cannot make the
 * service reach loopback, private or cloud-metadata addresses unless the operator allowed them
 * ({@code OBSERA_TARGET_ALLOWLIST}).
 */
public final class SsoHttp {
  private static final int MAX_BODY = 1 << 20;

  /** An answer: status, content type (null if none) and body text. */
  public record Answer(int status, String contentType, String body) {}

  private final OkHttpClient client;
  private final TargetGuard guard;

  /** Guarded by {@code guard}; null: no guard (URLs the operator set). */
  public SsoHttp(TargetGuard guard) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(15));
    this.guard = guard;
    if (guard != null) {
      b.dns(host -> guarded(guard, host));
    }
    this.client = b.build();
  }

  private static List<InetAddress> guarded(TargetGuard guard, String host)
      throws UnknownHostException {
    try {
      return guard.resolve(host);
    } catch (RefusedTargetException e) {
      throw new UnknownHostException(e.getMessage());
    }
  }

  public Answer get(String url, Map<String, String> headers) {
    Request.Builder r = new Request.Builder().url(url).get();
    headers.forEach(r::header);
    return send(r.build());
  }

  public Answer post(String url, Map<String, String> headers, String contentType, String body) {
    Request.Builder r =
        new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get(contentType)));
    headers.forEach(r::header);
    return send(r.build());
  }

  private Answer send(Request request) {
    if (guard != null) {
      // OkHttp asks its Dns only for host names: an IP literal (http://127.0.0.1/,
      // http://[::1]/, http://169.254.169.254/) is connected to as it is, so check it here too.
      try {
        guard.resolve(request.url().host());
      } catch (RefusedTargetException e) {
        throw unreachable(request, e.getMessage());
      }
    }
    try (Response resp = client.newCall(request).execute()) {
      String type = resp.header("Content-Type");
      byte[] bytes;
      try (InputStream in = resp.body().byteStream()) {
        bytes = in.readNBytes(MAX_BODY + 1);
      }
      if (bytes.length > MAX_BODY) {
        throw unreachable(request, "answered more than 1 MiB");
      }
      return new Answer(resp.code(), type, new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(request, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw unreachable(request, e.getMessage());
    }
  }

  private static IdentityException unreachable(Request request, String why) {
    return new IdentityException(
        IdentityException.Kind.BAD_GATEWAY,
        "the identity provider at " + request.url().host() + " could not be used: " + why);
  }
}
