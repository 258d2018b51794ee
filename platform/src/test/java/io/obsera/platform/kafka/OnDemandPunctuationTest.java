package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class OnDemandPunctuationTest {
  final MockProcessorContext<String, String> context = new MockProcessorContext<>();
  final AtomicBoolean workLeft = new AtomicBoolean(true);
  final AtomicInteger ticks = new AtomicInteger();
  final OnDemandPunctuation punctuation =
      new OnDemandPunctuation(
          context,
          Duration.ofSeconds(1),
          now -> {
            ticks.incrementAndGet();
            return workLeft.get();
          });

  @Test
  void should_scheduleNothing_untilStarted_andOnceWhenStartedTwice() {
    assertThat(context.scheduledPunctuators()).isEmpty();
    punctuation.start();
    punctuation.start();
    assertThat(context.scheduledPunctuators()).hasSize(1);
    assertThat(punctuation.running()).isTrue();
  }

  @Test
  void should_keepRunning_whileWorkIsLeft_andStop_whenNoneIs() {
    punctuation.start();
    CapturedPunctuator first = context.scheduledPunctuators().get(0);
    first.getPunctuator().punctuate(1_000);
    assertThat(first.cancelled()).isFalse();
    workLeft.set(false);
    first.getPunctuator().punctuate(2_000);
    assertThat(first.cancelled()).isTrue();
    assertThat(punctuation.running()).isFalse();
    assertThat(ticks).hasValue(2);
  }

  @Test
  void should_runAgain_whenStartedAfterItStopped() {
    workLeft.set(false);
    punctuation.start();
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_000);
    punctuation.start();
    assertThat(context.scheduledPunctuators()).hasSize(2);
    assertThat(context.scheduledPunctuators().get(1).cancelled()).isFalse();
  }
}
