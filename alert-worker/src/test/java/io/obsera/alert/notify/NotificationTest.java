package io.obsera.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.alert.TestNotifications;
import io.obsera.model.Json;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationTest {
  @Test
  void should_giveTheSameDeliveryId_whenTheLogicalNotificationIsTheSame() {
    Notification a = TestNotifications.firing("fp", 7);
    Notification b = TestNotifications.firing("fp", 7);

    assertThat(a.deliveryId()).isEqualTo(b.deliveryId()).matches("[0-9a-f]{32}");
    assertThat(a.deliveryId())
        .isEqualTo(Notification.deliveryIdOf("acme", "fp", AlertState.FIRING, 7));
  }

  @Test
  void should_giveDifferentDeliveryIds_whenStateSequenceTenantOrFingerprintDiffer() {
    String base = Notification.deliveryIdOf("acme", "fp", AlertState.FIRING, 1);

    assertThat(
            List.of(
                Notification.deliveryIdOf("acme", "fp", AlertState.RESOLVED, 1),
                Notification.deliveryIdOf("acme", "fp", AlertState.FIRING, 2),
                Notification.deliveryIdOf("other", "fp", AlertState.FIRING, 1),
                Notification.deliveryIdOf("acme", "fp2", AlertState.FIRING, 1)))
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void should_keepTheAlertKey_acrossUpdatesAndResolve() {
    Notification fire = TestNotifications.firing("fp", 1);
    Notification resolve = TestNotifications.resolved("fp", 5);

    assertThat(resolve.alertKey()).isEqualTo(fire.alertKey()).hasSizeLessThan(255);
    assertThat(TestNotifications.firing("fp-other", 1).alertKey()).isNotEqualTo(fire.alertKey());
  }

  @Test
  void should_readAnOutboxRecordOfThePreviousVersion_withNoAlerts_andKeepTheAlertsItCarries()
      throws Exception {
    Notification n = TestNotifications.firing("fp", 1);
    ObjectNode json = Json.MAPPER.valueToTree(n);
    json.remove("alerts");

    Notification previous = Json.MAPPER.treeToValue(json, Notification.class);
    Notification grouped = n.withAlerts(List.of("fp-b", "fp-a", "fp-b"));

    assertThat(previous.alerts()).isEmpty();
    assertThat(previous.deliveryId()).isEqualTo(n.deliveryId());
    assertThat(grouped.alerts()).containsExactly("fp-a", "fp-b");
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(grouped), Notification.class))
        .isEqualTo(grouped);
  }

  @Test
  void should_nameTheField_whenInvalid() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                Notification.of(
                    "acme",
                    "a",
                    "fp",
                    0,
                    AlertState.FIRING,
                    Severity.PAGE,
                    "t",
                    "",
                    Map.of(),
                    List.of(),
                    t,
                    null))
        .hasMessageContaining("'sequence'");
    assertThatThrownBy(
            () ->
                Notification.of(
                    "acme",
                    "a",
                    "fp",
                    1,
                    AlertState.RESOLVED,
                    Severity.PAGE,
                    "t",
                    "",
                    Map.of(),
                    List.of(),
                    t,
                    null))
        .hasMessageContaining("'endsAt'");
    assertThatThrownBy(
            () ->
                Notification.of(
                    "acme",
                    "a",
                    "fp",
                    1,
                    AlertState.FIRING,
                    Severity.PAGE,
                    " ",
                    "",
                    Map.of(),
                    List.of(),
                    t,
                    null))
        .hasMessageContaining("'title'");
    assertThatThrownBy(() -> new Link("SLO", "javascript:alert(1)"))
        .hasMessageContaining("'links[].url'");
  }

  @Test
  void should_keepLabelsSorted() {
    assertThat(TestNotifications.firing("fp", 1).labels().keySet())
        .containsExactly("region", "service", "slo");
  }

  @Test
  void should_roundTripThroughJson_withTheSameDeliveryId() throws Exception {
    Notification n = TestNotifications.resolved("fp-json", 4);

    Notification back =
        io.obsera.model.Json.MAPPER.readValue(
            io.obsera.model.Json.MAPPER.writeValueAsString(n), Notification.class);

    assertThat(back).isEqualTo(n);
    assertThat(back.deliveryId()).isEqualTo(n.deliveryId());
  }
}
