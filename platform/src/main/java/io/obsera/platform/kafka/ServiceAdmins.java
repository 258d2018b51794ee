package io.obsera.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Kafka admin clients that live as long as their service (health checks, self-monitoring, a Streams
 * application's admin).
 *
 * <p>Kafka's admin client closes a connection idle for {@code connections.max.idle.ms} and
 * refreshes its metadata every {@code metadata.max.age.ms}, both 5 minutes by default: an admin
 * that is otherwise idle lost its connection just before each refresh, and the refresh connected
 * and signed in again (SCRAM, 4096 iterations of HMAC-SHA-512 in the client) every 5 minutes; the
 * idle standalone runtime spent a tenth of its JVM's CPU on those sign-ins. These admins keep an
 * idle connection for 9 minutes, the producer's and consumer's default and below the broker's 10,
 * so each refresh finds it open. {@code KAFKA_CONNECTIONS_MAX_IDLE_MS} still wins.
 */
public final class ServiceAdmins {
  static final String CONNECTIONS_MAX_IDLE_MS = "540000";

  private ServiceAdmins() {}

  /** An admin client of {@code settings}, kept connected as above. */
  public static Admin create(Properties settings) {
    return Admin.create(settings(settings));
  }

  /** An admin client of {@code settings}, kept connected as above. */
  public static Admin create(Map<String, Object> settings) {
    Map<String, Object> s = new HashMap<>(settings);
    s.putIfAbsent(AdminClientConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, CONNECTIONS_MAX_IDLE_MS);
    return Admin.create(s);
  }

  /** {@code settings} with the idle connection kept unless they say otherwise. */
  static Properties settings(Properties settings) {
    Properties s = new Properties();
    s.putAll(settings);
    s.putIfAbsent(AdminClientConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, CONNECTIONS_MAX_IDLE_MS);
    return s;
  }
}
