package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserRecordTest {
  static final Instant CUT = Instant.parse("2026-12-06T12:00:00Z");

  static SessionRecord session(String id, Instant createdAt) {
    return new SessionRecord(id, "u-1", "t", createdAt, createdAt.plusSeconds(3600));
  }

  @Test
  void should_readARecordFromBeforeTheCutOff_asOneWithout() throws Exception {
    UserRecord old =
        Json.MAPPER.readValue(
            "{\"id\":\"u-1\",\"email\":\"a@example.com\",\"name\":\"A\",\"passwordHash\":\"x\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                + "\"actor\":\"test\"}",
            UserRecord.class);
    assertThat(old.sessionsValidFrom()).isNull();
    assertThat(old.cutOff(session("s-1", Instant.EPOCH))).isFalse();
  }

  @Test
  void should_refuseSessionsCreatedBeforeTheCutOff_butTheKeptOne() throws Exception {
    UserRecord u =
        new UserRecord("u-1", "a@example.com", "A", "x", Instant.EPOCH, Instant.EPOCH, "test")
            .withSessionsValidFrom(CUT, "s-kept");
    UserRecord read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(u), UserRecord.class);
    assertThat(read).isEqualTo(u);
    assertThat(read.cutOff(session("s-1", CUT.minusMillis(1)))).isTrue();
    assertThat(read.cutOff(session("s-kept", CUT.minusSeconds(60)))).isFalse();
    assertThat(read.cutOff(session("s-2", CUT))).isFalse();
    assertThat(read.cutOff(session("s-3", CUT.plusMillis(1)))).isFalse();
    assertThat(read.withPasswordHash("y", CUT, "reset").sessionsValidFrom()).isEqualTo(CUT);
  }
}
