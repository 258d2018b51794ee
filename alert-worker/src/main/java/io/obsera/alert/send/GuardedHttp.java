package io.obsera.alert.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.platform.send.DeliveryException;
import io.obsera.platform.send.ResponseClassifier;
import java.io.IOException;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP client of the senders: every host is resolved through the SSRF guard (before the call,
 * which also covers IP literals, and again in OkHttp's {@link Dns} so the address connected to is
 * the one checked), no proxy, no redirects, no silent connection retries (the {@code Deliverer}
 * retries), bounded connect and call time.
 */
final class GuardedHttp {
  /** Bytes of a response body read at most (a vendor's error message fits; a hostile body not). */
  static final long MAX_BODY = 64 * 1024;

  static final String USER_AGENT = "Obsera-Alert/1";
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final GuardedResolver resolver;
  private final OkHttpClient client;
  private final Clock clock;

  GuardedHttp(
      GuardedResolver resolver, Duration connectTimeout, Duration callTimeout, Clock clock) {
    this.resolver = resolver;
    this.clock = clock;
    this.client =
        new OkHttpClient.Builder()
            .dns(resolver::lookup)
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectTimeout(connectTimeout)
            .callTimeout(callTimeout)
            .build();
  }

  /**
   * POSTs {@code body} to {@code url}; returns (the start of) the response body of a 2xx answer.
   */
  String post(String vendor, String url, Headers headers, RequestBody body)
      throws DeliveryException {
    HttpUrl u = HttpUrl.parse(url);
    if (u == null) {
      throw new DeliveryException(
          DeliveryException.Kind.PERMANENT, 0, null, vendor + ": not an http(s) URL");
    }
    resolver.resolve(u.host());
    Request request =
        new Request.Builder()
            .url(u)
            .headers(headers)
            .header("User-Agent", USER_AGENT)
            .post(body)
            .build();
    try (Response response = client.newCall(request).execute()) {
      String text = response.peekBody(MAX_BODY).string();
      ResponseClassifier.check(
          vendor, response.code(), text, response.header("Retry-After"), clock);
      return text;
    } catch (IOException e) {
      throw DeliveryException.retryable(vendor + ": " + DeliveryException.describe(e), e);
    }
  }

  /** POSTs a JSON document built by a sender. */
  String postJson(String vendor, String url, Headers headers, ObjectNode json)
      throws DeliveryException {
    return post(vendor, url, headers, RequestBody.create(text(json), JSON));
  }

  /** A JSON tree as text. */
  static String text(ObjectNode json) {
    try {
      return Json.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }

  /** Ends idle connections and the client's threads. */
  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
