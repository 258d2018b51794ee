package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  @Test
  void should_storeArgon2idAndVerify_whenPasswordIsLongEnough() {
    try (PasswordHasher h = new PasswordHasher(1, 19456)) {
      String hash = h.hash("correct horse battery");
      assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
      assertThat(h.verify("correct horse battery", hash)).isTrue();
      assertThat(h.verify("correct horse battery!", hash)).isFalse();
      assertThat(h.hash("correct horse battery")).isNotEqualTo(hash);
    }
  }

  @Test
  void should_refuseShortPasswords_withTheRule() {
    try (PasswordHasher h = new PasswordHasher(1, 1024)) {
      assertThatThrownBy(() -> h.hash("elevenchars"))
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(IdentityException.Kind.BAD_REQUEST);
                assertThat(e).hasMessageContaining("at least 12 characters");
              });
    }
  }

  @Test
  void should_answerBusy_whenMoreChecksWaitThanThePoolHolds() throws Exception {
    try (PasswordHasher h = new PasswordHasher(1, 19456)) {
      String hash = h.hash("correct horse battery");
      ExecutorService callers = Executors.newFixedThreadPool(12);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        CyclicBarrier together = new CyclicBarrier(12);
        for (int i = 0; i < 12; i++) {
          results.add(
              callers.submit(
                  () -> {
                    together.await();
                    return h.verify("correct horse battery", hash);
                  }));
        }
        int busy = 0;
        int verified = 0;
        for (Future<Boolean> f : results) {
          try {
            verified += f.get() ? 1 : 0;
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause())
                .isInstanceOfSatisfying(
                    IdentityException.class,
                    ie -> {
                      assertThat(ie.kind()).isEqualTo(IdentityException.Kind.BUSY);
                      assertThat(ie.retryAfterSeconds()).isEqualTo(1);
                    });
            busy++;
          }
        }
        assertThat(verified).isBetween(1, 5);
        assertThat(busy).isEqualTo(12 - verified);
      } finally {
        callers.shutdownNow();
      }
    }
  }

  @Test
  void should_makeTheDummyHashLater_notWhenConstructed() throws Exception {
    try (PasswordHasher later = new PasswordHasher(1, 1024, Duration.ofHours(1));
        PasswordHasher soon = new PasswordHasher(1, 1024, Duration.ZERO)) {
      assertThat(later.dummyHashMade()).isFalse();
      assertThat(later.verifyDummy()).isFalse();
      assertThat(later.dummyHashMade()).isTrue();
      assertThat(later.verifyDummy()).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(soon::dummyHashMade);
      assertThat(soon.verifyDummy()).isFalse();
    }
  }
}
