package io.obsera.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned SQL file: {@code V<version>__<description>.sql}, statements ending in ';'. */
record Migration(int version, String file, String sql) {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

  static Migration of(String file, String sql) {
    Matcher m = NAME.matcher(file);
    if (!m.matches()) {
      throw new MigrationException(
          "migration file name " + file + " does not match V<number>__<name>.sql");
    }
    return new Migration(Integer.parseInt(m.group(1)), file, sql);
  }

  String checksum() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Statements with {@code ${database}} substituted; comments and blank lines dropped. */
  List<String> statements(String database) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      cur.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String stmt = cur.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1).replace("${database}", database));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip().replace("${database}", database));
    }
    return out;
  }
}
