package io.obsera.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the ordered migration files listed in {@code migrations/index.txt} on the classpath. */
final class MigrationSource {
  private final String base;
  private final int lastVersion;

  MigrationSource(String base) {
    this(base, Integer.MAX_VALUE);
  }

  private MigrationSource(String base, int lastVersion) {
    this.base = base.endsWith("/") ? base : base + "/";
    this.lastVersion = lastVersion;
  }

  static MigrationSource builtIn() {
    return new MigrationSource("/io/obsera/schema/migrations/");
  }

  /** The same migrations up to and including {@code version} (to test a later one on old data). */
  MigrationSource upTo(int version) {
    return new MigrationSource(base, version);
  }

  List<Migration> load() {
    List<Migration> out = new ArrayList<>();
    for (String line : read("index.txt").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Migration m = Migration.of(name, read(name));
      if (!out.isEmpty() && out.get(out.size() - 1).version() >= m.version()) {
        throw new MigrationException("migration " + name + " is out of order in index.txt");
      }
      out.add(m);
    }
    return out.stream().filter(m -> m.version() <= lastVersion).toList();
  }

  private String read(String name) {
    try (InputStream in = MigrationSource.class.getResourceAsStream(base + name)) {
      if (in == null) {
        throw new MigrationException("migration file " + base + name + " not found on classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException("cannot read migration file " + name, e);
    }
  }
}
