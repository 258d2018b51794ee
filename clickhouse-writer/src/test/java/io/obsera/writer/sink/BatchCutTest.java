package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchCutTest {
  @Test
  void should_readBackTheRecordedCut_whenCommittedAtItsFirstOffset() {
    BatchCut cut = new BatchCut(120, 245);

    assertThat(BatchCut.recorded(120, cut.metadata())).contains(cut);
  }

  @Test
  void should_ignoreMetadata_thatIsNotACutOfTheCommittedOffset() {
    assertThat(BatchCut.recorded(121, new BatchCut(120, 245).metadata())).isEmpty();
    assertThat(BatchCut.recorded(120, "")).isEmpty();
    assertThat(BatchCut.recorded(120, null)).isEmpty();
    assertThat(BatchCut.recorded(120, "obsera-cut:120-x")).isEmpty();
    assertThat(BatchCut.recorded(120, "obsera-cut:120-100")).isEmpty();
  }

  @Test
  void should_makeTheSameToken_forTheSameTablePartitionAndRange() {
    TopicPartition tp = new TopicPartition("obsera.otlp.spans", 2);

    assertThat(new BatchCut(7, 19).token("otel_traces", tp))
        .isEqualTo(new BatchCut(7, 19).token("otel_traces", tp))
        .isEqualTo("otel_traces:obsera.otlp.spans-2:7-19");
    assertThat(new BatchCut(7, 20).token("otel_traces", tp))
        .isNotEqualTo(new BatchCut(7, 19).token("otel_traces", tp));
    assertThat(new BatchCut(7, 19).token("otel_traces", new TopicPartition("obsera.otlp.spans", 1)))
        .isNotEqualTo(new BatchCut(7, 19).token("otel_traces", tp));
  }

  @Test
  void should_refuseAnEmptyRange() {
    assertThatThrownBy(() -> new BatchCut(5, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
