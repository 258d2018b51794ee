package io.obsera.ingest.fragment;

import java.util.List;

/** Fragments of one request plus the items rejected as invalid (and the last reason). */
public record Result(List<Fragment> fragments, int rejected, String rejectReason) {
  public int accepted() {
    return fragments.stream().mapToInt(Fragment::items).sum();
  }
}
