package io.obsera.ingest.limits;

/**
 * A set of 64-bit series hashes: open addressing with linear probing over a {@code long[]}, 8 bytes
 * a slot at a load factor between 3/8 and 3/4 (11 to 21 bytes a hash), no boxing. Never holds more
 * than the cap it was built with. Not thread-safe; {@link SeriesTracker} guards it. Adds and
 * lookups only: an hour bucket is dropped as a whole, never element by element.
 */
final class SeriesHashSet {
  /** Marks an empty slot; a real hash of 0 is kept in {@link #hasZero} instead. */
  private static final long EMPTY = 0L;

  private final int cap;
  private long[] slots = new long[16];
  private int size;
  private boolean hasZero;

  SeriesHashSet(int cap) {
    this.cap = cap;
  }

  int size() {
    return size;
  }

  /** Bytes of the slot table (what this set holds, besides a few fields). */
  long tableBytes() {
    return 8L * slots.length;
  }

  boolean contains(long hash) {
    if (hash == EMPTY) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = index(hash, mask); ; i = (i + 1) & mask) {
      if (slots[i] == hash) {
        return true;
      }
      if (slots[i] == EMPTY) {
        return false;
      }
    }
  }

  /** Adds {@code hash}; false when it was there already or the set holds its cap. */
  boolean add(long hash) {
    if (contains(hash) || size >= cap) {
      return false;
    }
    if (hash == EMPTY) {
      hasZero = true;
    } else {
      if (4 * (size + 1) > 3 * slots.length) {
        grow();
      }
      insert(slots, hash);
    }
    size++;
    return true;
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long h : slots) {
      if (h != EMPTY) {
        insert(bigger, h);
      }
    }
    slots = bigger;
  }

  private static void insert(long[] table, long hash) {
    int mask = table.length - 1;
    int i = index(hash, mask);
    while (table[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    table[i] = hash;
  }

  /** The hashes are already well mixed ({@link SeriesIdentity}); their high bits pick the slot. */
  private static int index(long hash, int mask) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }
}
