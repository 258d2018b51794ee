package io.obsera.platform.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Container healthcheck without curl: {@code java -cp 'lib/*'
 * io.obsera.platform.service.HttpHealthcheck URL} exits 0 when the URL answers 200, else 1.
 */
public final class HttpHealthcheck {
  private HttpHealthcheck() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: HttpHealthcheck <url>");
      System.exit(2);
    }
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(args[0]))
                      .timeout(Duration.ofSeconds(4))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println(r.statusCode() + " " + r.body());
      System.exit(r.statusCode() == 200 ? 0 : 1);
    } catch (Exception e) {
      System.err.println(e);
      System.exit(1);
    }
  }
}
