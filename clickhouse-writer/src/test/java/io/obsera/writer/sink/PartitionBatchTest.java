package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionBatchTest {
  static final TopicPartition TP = new TopicPartition("obsera.otlp.spans", 0);

  @Test
  void should_cutAfterTheLastRecordRead_whenNothingWasRecorded() {
    PartitionBatch b = new PartitionBatch(TP);
    b.track(10, 3, 0);
    b.track(14, 2, 0); // 11-13: a commit marker and an aborted transaction

    assertThat(b.cut()).isEqualTo(new BatchCut(10, 15));
    assertThat(b.rows()).isEqualTo(5);
    assertThat(b.replaysRecordedCut()).isFalse();
  }

  @Test
  void should_keepExactlyTheRecordedCut_andSealItAtItsLastOffset() {
    PartitionBatch b = PartitionBatch.resuming(TP, new BatchCut(10, 20));

    assertThat(b.accepts(10)).isTrue();
    b.track(10, 1, 0);
    assertThat(b.sealed()).isFalse();
    assertThat(b.accepts(19)).isTrue();
    b.track(19, 1, 0);

    assertThat(b.sealed()).isTrue();
    assertThat(b.cut()).isEqualTo(new BatchCut(10, 20));
  }

  @Test
  void should_refuseRecordsPastTheRecordedCut_andSeal() {
    PartitionBatch b = PartitionBatch.resuming(TP, new BatchCut(10, 20));
    b.track(15, 1, 0); // the cut's last records were aborted: 16-19 are never seen

    assertThat(b.accepts(21)).isFalse();
    assertThat(b.sealed()).isTrue();
    assertThat(b.cut()).isEqualTo(new BatchCut(10, 20));
  }

  @Test
  void should_undoWhatAPoisonRecordAppended() {
    PartitionBatch b = new PartitionBatch(TP);
    b.table(SpanCountTableEncoder.COUNTS).uint64(1);
    var mark = b.mark();
    b.table(SpanCountTableEncoder.COUNTS).uint64(2).uint64(3);

    b.reset(mark);

    assertThat(b.tables().get(SpanCountTableEncoder.COUNTS).size()).isEqualTo(8);
  }
}
