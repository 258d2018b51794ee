package io.obsera.bench.idle;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Requests sent so far by each Kafka client of this JVM (its {@code request-total} metric, by
 * client id) and answered by the in-process broker (by request type): what keeps the broker busy at
 * idle.
 */
final class KafkaRequests {
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private KafkaRequests() {}

  /** Requests by client id (ids and digits dropped, so that a client's threads count as one). */
  static Map<String, Long> byClient() {
    Map<String, Long> out = new HashMap<>();
    for (String type :
        new String[] {
          "kafka.consumer:type=consumer-metrics", "kafka.producer:type=producer-metrics"
        }) {
      for (ObjectName name : query(type + ",client-id=*")) {
        long total = number(name, "request-total");
        out.merge(ProcessCpu.group(name.getKeyProperty("client-id")), total, Long::sum);
      }
    }
    return out;
  }

  /** Requests answered by the broker, by request type. */
  static Map<String, Long> byType() {
    Map<String, Long> out = new HashMap<>();
    for (ObjectName name : query("kafka.network:type=RequestMetrics,name=RequestsPerSec,*")) {
      out.merge(name.getKeyProperty("request"), number(name, "Count"), Long::sum);
    }
    return out;
  }

  private static Set<ObjectName> query(String pattern) {
    try {
      return JMX.queryNames(new ObjectName(pattern), null);
    } catch (JMException e) {
      return Set.of();
    }
  }

  private static long number(ObjectName name, String attribute) {
    try {
      return ((Number) JMX.getAttribute(name, attribute)).longValue();
    } catch (JMException | RuntimeException e) {
      return 0;
    }
  }
}
