package io.obsera.query.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  @Test
  void should_accept_aBodyWithoutIdOrWithThePathsId() {
    assertThatCode(() -> JsonBodies.requirePathId(null, "a", "rule")).doesNotThrowAnyException();
    assertThatCode(() -> JsonBodies.requirePathId("a", "a", "rule")).doesNotThrowAnyException();
  }

  @Test
  void should_reject_aBodyIdOtherThanThePaths_namingBoth() {
    assertThatThrownBy(() -> JsonBodies.requirePathId("b", "a", "rule"))
        .isInstanceOf(ApiException.class)
        .hasMessage("field 'id' (b) differs from the path's rule id (a)")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }
}
