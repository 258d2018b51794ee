package io.obsera.bench;

import static io.obsera.bench.OtlpValues.num;
import static io.obsera.bench.OtlpValues.str;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.SplittableRandom;

/**
 * Realistic OTLP logs export requests, as the Java agent's log bridge sends them: one service per
 * request, application log lines (mostly INFO, some DEBUG/WARN, 3% ERROR with an exception), half
 * of them written inside a span and so carrying its trace context, and code/thread attributes.
 */
final class LogGenerator {
  private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "inventory"};
  private static final String[] LOGGERS = {
    "com.shop.checkout.CheckoutController",
    "com.shop.cart.CartService",
    "org.springframework.web.servlet.DispatcherServlet",
    "com.zaxxer.hikari.pool.HikariPool"
  };
  private static final String[] MESSAGES = {
    "Completed request GET /api/cart/%d in %d ms",
    "Reserved %d items for order %d",
    "Cache miss for sku %d, loading from database (%d ms)",
    "Connection pool stats: total=%d, active=%d, idle=10, waiting=0"
  };
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1"};

  private final SplittableRandom random;

  LogGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  ExportLogsServiceRequest request(int records, long nowNanos) {
    String service = SERVICES[random.nextInt(SERVICES.length)];
    ScopeLogs.Builder scope =
        ScopeLogs.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder().setName(LOGGERS[random.nextInt(LOGGERS.length)]));
    for (int i = 0; i < records; i++) {
      scope.addLogRecords(record(nowNanos - random.nextLong(5_000_000_000L)));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(str("service.name", service))
                        .addAttributes(str("service.version", "1.4." + random.nextInt(20)))
                        .addAttributes(
                            str(
                                "host.name",
                                "ip-10-0-" + random.nextInt(255) + "-" + random.nextInt(255)))
                        .addAttributes(str("cloud.region", REGIONS[random.nextInt(REGIONS.length)]))
                        .addAttributes(
                            str("k8s.pod.name", service + "-7d9f8c6b5-" + random.nextInt(100000)))
                        .addAttributes(str("telemetry.sdk.language", "java")))
                .addScopeLogs(scope))
        .build();
  }

  private LogRecord record(long timeNanos) {
    int roll = random.nextInt(100);
    SeverityNumber severity =
        roll < 3
            ? SeverityNumber.SEVERITY_NUMBER_ERROR
            : roll < 10
                ? SeverityNumber.SEVERITY_NUMBER_WARN
                : roll < 25
                    ? SeverityNumber.SEVERITY_NUMBER_DEBUG
                    : SeverityNumber.SEVERITY_NUMBER_INFO;
    String message =
        String.format(
            MESSAGES[random.nextInt(MESSAGES.length)],
            random.nextInt(100_000),
            random.nextInt(2_000));
    LogRecord.Builder r =
        LogRecord.newBuilder()
            .setTimeUnixNano(timeNanos)
            .setObservedTimeUnixNano(timeNanos + random.nextLong(2_000_000))
            .setSeverityNumber(severity)
            .setSeverityText(severity.name().substring("SEVERITY_NUMBER_".length()))
            .setBody(AnyValue.newBuilder().setStringValue(message))
            .addAttributes(str("thread.name", "http-nio-8080-exec-" + (1 + random.nextInt(200))))
            .addAttributes(num("thread.id", 40 + random.nextInt(200)))
            .addAttributes(str("code.namespace", LOGGERS[random.nextInt(LOGGERS.length)]))
            .addAttributes(str("code.function", random.nextBoolean() ? "handle" : "process"));
    if (random.nextBoolean()) {
      r.setTraceId(ByteString.copyFrom(OtlpValues.id(random, 16)))
          .setSpanId(ByteString.copyFrom(OtlpValues.id(random, 8)))
          .setFlags(1);
    }
    if (severity == SeverityNumber.SEVERITY_NUMBER_ERROR) {
      r.addAttributes(str("exception.type", "java.net.SocketTimeoutException"))
          .addAttributes(str("exception.message", "Read timed out"))
          .addAttributes(
              str(
                  "exception.stacktrace",
                  "java.net.SocketTimeoutException: Read timed out\n"
                      + "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n"
                      + "\tat com.shop.payment.PaymentClient.charge(PaymentClient.java:71)\n"
                      + "\tat com.shop.checkout.CheckoutService.placeOrder(CheckoutService.java:112)"));
    }
    return r.build();
  }
}
