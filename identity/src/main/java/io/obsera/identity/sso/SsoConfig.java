package io.obsera.identity.sso;

import java.util.Map;

/**
 * Settings of single sign-on that the operator, not a tenant, chooses.
 *
 * @param githubUrl where GitHub's OAuth pages are ({@code OBSERA_GITHUB_URL}, default {@code
 *     https://github.com}; GitHub Enterprise Server: {@code https://github.example.com})
 * @param githubApiUrl GitHub's REST API ({@code OBSERA_GITHUB_API_URL}, default {@code
 *     https://api.github.com}; GitHub Enterprise Server: {@code https://github.example.com/api/v3})
 */
public record SsoConfig(String githubUrl, String githubApiUrl) {
  public SsoConfig {
    githubUrl = url("OBSERA_GITHUB_URL", githubUrl, "https://github.com");
    githubApiUrl = url("OBSERA_GITHUB_API_URL", githubApiUrl, "https://api.github.com");
  }

  private static String url(String variable, String value, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    if (!value.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
      throw new IllegalArgumentException(
          variable + " must be an http(s) URL like " + fallback + ", got " + value);
    }
    return value.replaceAll("/+$", "");
  }

  public static SsoConfig defaults() {
    return new SsoConfig(null, null);
  }

  public static SsoConfig fromEnv(Map<String, String> env) {
    return new SsoConfig(env.get("OBSERA_GITHUB_URL"), env.get("OBSERA_GITHUB_API_URL"));
  }
}
