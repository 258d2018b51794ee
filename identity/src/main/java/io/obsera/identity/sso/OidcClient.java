package io.obsera.identity.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.obsera.identity.IdentityException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenID Connect sign-in (authorization code flow with PKCE S256, state and nonce) with any
 * compliant issuer (Google, Okta, Keycloak, ...), on Nimbus' OAuth 2.0 / OIDC SDK:
 *
 * <ul>
 *   <li>discovery from {@code <issuer>/.well-known/openid-configuration}; the document's {@code
 *       issuer} must equal the configured one; kept {@link #DISCOVERY_TTL};
 *   <li>the ID token's signature is checked against the issuer's JWKS (asymmetric algorithms only;
 *       an unknown {@code kid} makes the key set be fetched again: key rotation), and its issuer,
 *       audience (the client id), expiry (60 s clock skew), issue time and nonce;
 *   <li>every back-channel request goes through {@link SsoHttp} (SSRF rule, no redirects).
 * </ul>
 */
public final class OidcClient {
  static final Duration DISCOVERY_TTL = Duration.ofMinutes(5);

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  private record Discovered(OIDCProviderMetadata metadata, Instant at) {}

  /** Where the browser goes, and the flow to keep until the callback. */
  public record Start(URI redirect, SsoFlow flow) {}

  private final SsoHttp http;
  private final Clock clock;
  private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();
  private final Map<URI, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

  public OidcClient(SsoHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /**
   * Starts a sign-in of {@code tenant} at {@code oidc}'s issuer, coming back at {@code callback}.
   */
  public Start start(String tenant, SsoSettings.Oidc oidc, URI callback) {
    OIDCProviderMetadata md = metadata(oidc.issuer());
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "email", "profile"),
                new ClientID(oidc.clientId()),
                callback)
            .endpointURI(md.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    return new Start(
        request.toURI(),
        new SsoFlow(
            SsoSettings.OIDC,
            tenant,
            state.getValue(),
            nonce.getValue(),
            verifier.getValue(),
            clock.instant().plus(SsoFlow.TTL)));
  }

  /**
   * Exchanges {@code code} for tokens and verifies the ID token; the person it names. 401 when the
   * exchange or a check fails (the message says which), 502 when the issuer cannot be reached.
   */
  public ExternalIdentity finish(
      SsoSettings.Oidc oidc, String clientSecret, URI callback, String code, SsoFlow flow) {
    if (code == null || code.isBlank()) {
      throw new IdentityException(
          IdentityException.Kind.BAD_REQUEST, "the callback brought no authorization code");
    }
    OIDCProviderMetadata md = metadata(oidc.issuer());
    ClientID clientId = new ClientID(oidc.clientId());
    TokenRequest request =
        new TokenRequest(
            md.getTokenEndpointURI(),
            new ClientSecretBasic(clientId, new Secret(clientSecret)),
            new AuthorizationCodeGrant(
                new AuthorizationCode(code), callback, new CodeVerifier(flow.codeVerifier())));
    HTTPRequest hr = request.toHTTPRequest();
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    hr.getHeaderMap().forEach((k, v) -> headers.put(k, String.join(",", v)));
    headers.remove("Content-Type");
    SsoHttp.Answer a =
        http.post(
            hr.getURL().toString(),
            headers,
            "application/x-www-form-urlencoded; charset=UTF-8",
            hr.getBody());
    // Only the ID token is used (the access token and its lifetime are not), so the answer is read
    // for it alone: a provider's odd access-token fields do not stop a sign-in.
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(a.body());
    } catch (java.text.ParseException e) {
      throw refused("the token endpoint's answer is not JSON (status " + a.status() + ")");
    }
    if (a.status() != 200 || json.containsKey("error")) {
      String error = String.valueOf(json.getOrDefault("error", "status " + a.status()));
      error = error.replaceAll("[^A-Za-z0-9_ .-]", "?");
      throw refused("the issuer refused the authorization code: " + error);
    }
    JWT idToken;
    try {
      idToken = JWTParser.parse(JSONObjectUtils.getString(json, "id_token"));
    } catch (java.text.ParseException | RuntimeException e) {
      throw refused("the issuer's token response has no valid ID token");
    }
    IDTokenClaimsSet claims = validate(md, clientId, idToken, new Nonce(flow.nonce()));
    return new ExternalIdentity(
        SsoSettings.OIDC,
        claims.getSubject().getValue(),
        claims.getStringClaim("email"),
        verified(claims.getClaim("email_verified")),
        claims.getStringClaim("name"),
        groups(claims.getClaim(oidc.groupsClaim())));
  }

  private IDTokenClaimsSet validate(
      OIDCProviderMetadata md, ClientID clientId, JWT idToken, Nonce nonce) {
    IDTokenValidator validator =
        new IDTokenValidator(
            md.getIssuer(),
            clientId,
            new JWSVerificationKeySelector<>(ALGORITHMS, jwks(md.getJWKSetURI())),
            null);
    validator.setMaxClockSkew(60);
    try {
      return validator.validate(idToken, nonce);
    } catch (BadJOSEException | JOSEException e) {
      throw refused("the ID token failed its checks: " + e.getMessage());
    }
  }

  /**
   * The issuer's keys: cached for 5 minutes; a token signed with a key id not in the cached set
   * makes it be fetched again (rotation). Not rate limited: ID tokens only come from the token
   * endpoint over the back channel, never from the browser, so no caller can force refetches.
   */
  private JWKSource<SecurityContext> jwks(URI uri) {
    if (uri == null) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY, "the issuer's discovery document has no jwks_uri");
    }
    return keys.computeIfAbsent(
        uri,
        u -> {
          try {
            return JWKSourceBuilder.create(u.toURL(), retriever()).rateLimited(false).build();
          } catch (java.net.MalformedURLException e) {
            throw new IdentityException(
                IdentityException.Kind.BAD_GATEWAY, "the issuer's jwks_uri is not a URL: " + u);
          }
        });
  }

  private ResourceRetriever retriever() {
    return new ResourceRetriever() {
      @Override
      public Resource retrieveResource(URL url) throws IOException {
        SsoHttp.Answer a;
        try {
          a = http.get(url.toString(), Map.of("Accept", "application/json"));
        } catch (IdentityException e) {
          throw new IOException(e.getMessage());
        }
        if (a.status() != 200) {
          throw new IOException("the issuer's JWKS answered " + a.status());
        }
        return new Resource(a.body(), a.contentType());
      }
    };
  }

  /** The issuer's discovery document, fetched at most every {@link #DISCOVERY_TTL}. */
  OIDCProviderMetadata metadata(String issuer) {
    Instant now = clock.instant();
    Discovered d = discovered.get(issuer);
    if (d != null && now.isBefore(d.at().plus(DISCOVERY_TTL))) {
      return d.metadata();
    }
    SsoHttp.Answer a =
        http.get(
            issuer + "/.well-known/openid-configuration", Map.of("Accept", "application/json"));
    if (a.status() != 200) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          "the issuer's discovery document "
              + issuer
              + "/.well-known/openid-configuration answered "
              + a.status());
    }
    OIDCProviderMetadata md;
    try {
      md = OIDCProviderMetadata.parse(a.body());
    } catch (ParseException e) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          "the issuer's discovery document is not valid: " + e.getMessage());
    }
    if (!new Issuer(issuer).equals(md.getIssuer())) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          "the discovery document names issuer " + md.getIssuer() + ", not " + issuer);
    }
    if (md.getAuthorizationEndpointURI() == null || md.getTokenEndpointURI() == null) {
      throw new IdentityException(
          IdentityException.Kind.BAD_GATEWAY,
          "the issuer's discovery document lacks an authorization or token endpoint");
    }
    discovered.put(issuer, new Discovered(md, now));
    return md;
  }

  private static boolean verified(Object claim) {
    return Boolean.TRUE.equals(claim) || "true".equals(claim);
  }

  private static List<String> groups(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof String s) {
      out.add(s);
    } else if (claim instanceof List<?> l) {
      l.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    }
    return out;
  }

  private static IdentityException refused(String message) {
    return new IdentityException(IdentityException.Kind.BAD_CREDENTIALS, message);
  }
}
