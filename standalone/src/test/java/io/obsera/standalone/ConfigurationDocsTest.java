package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the {@code OBSERA_*} variables the code reads: every name in
 * a string literal of a main source file (any module's {@code src/main/java}) or in the {@code
 * obsera} script is documented there, and every name documented there is read. A literal that ends
 * in {@code _} (such as {@code "OBSERA_FOO_" + name}) is a prefix; configuration.md documents it as
 * the pattern {@code OBSERA_FOO_*}. The other Markdown files of the repository may only name
 * variables the code (main or test sources, scripts, compose files) knows.
 */
class ConfigurationDocsTest {
  /** A name or a prefix in code: OBSERA_ then capitals, digits and underscores. */
  private static final Pattern CODE_NAME = Pattern.compile("OBSERA_[A-Z0-9_]*");

  /** A name in Markdown, or a pattern {@code OBSERA_FOO_*}. */
  private static final Pattern DOC_NAME = Pattern.compile("OBSERA_[A-Z0-9_]*[A-Z0-9](_\\*)?");

  /** Build output, VCS and npm directories, anywhere in the tree. */
  private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules");

  private final Path root = repositoryRoot();

  /**
   * The repository root: the nearest directory at or above the working directory (Maven runs tests
   * in the module directory) holding both the {@code obsera} script and {@code docs/}.
   */
  static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("obsera")) && Files.isDirectory(d.resolve("docs"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "no directory with the obsera script and docs/ at or above "
            + Path.of("").toAbsolutePath());
  }

  @Test
  void should_documentEveryVariableTheCodeReads_inConfigurationMd() {
    Names code = codeNames();
    Set<String> documented = docNames(root.resolve("docs/configuration.md"));

    Set<String> undocumented = new TreeSet<>();
    for (String name : code.names()) {
      if (!documented.contains(name)) {
        undocumented.add(name);
      }
    }
    for (String prefix : code.prefixes()) {
      if (!documented.contains(prefix + "*")) {
        undocumented.add(prefix + "*");
      }
    }
    assertThat(undocumented)
        .as(
            "variables read by the code but missing from docs/configuration.md (add a row to the"
                + " table of the service that reads them)")
        .isEmpty();
  }

  @Test
  void should_nameOnlyVariablesTheCodeReads_inConfigurationMd() {
    Names code = codeNames();
    Set<String> unknown = new TreeSet<>();
    for (String doc : docNames(root.resolve("docs/configuration.md"))) {
      boolean known =
          doc.endsWith("*")
              ? code.prefixes().contains(doc.substring(0, doc.length() - 1))
              : code.names().contains(doc) || code.coveredByPrefix(doc);
      if (!known) {
        unknown.add(doc);
      }
    }
    assertThat(unknown)
        .as(
            "variables named in docs/configuration.md that no main source or the obsera script"
                + " reads (stale: remove them, or fix the name)")
        .isEmpty();
  }

  @Test
  void should_nameOnlyKnownVariables_inTheOtherMarkdownFiles() {
    Names known = codeNames().plusNamesOf(testAndScriptNames());
    List<String> unknown = new ArrayList<>();
    for (Path md : markdownFiles()) {
      if (md.equals(root.resolve("docs/configuration.md"))) {
        continue;
      }
      for (String doc : docNames(md)) {
        boolean ok =
            doc.endsWith("*")
                ? known.anyStartsWith(doc.substring(0, doc.length() - 1))
                : known.names().contains(doc) || known.coveredByPrefix(doc);
        if (!ok) {
          unknown.add(root.relativize(md) + ": " + doc);
        }
      }
    }
    assertThat(unknown).as("variables named in Markdown files that no code reads").isEmpty();
  }

  @Test
  void should_findStringLiterals_andPrefixes() {
    String src =
        "// \"OBSERA_IN_COMMENT\"\n"
            + "/* \"OBSERA_IN_BLOCK\" */\n"
            + "class A { char q = '\"'; String a = \"OBSERA_A must be set, not OBSERA_B\";\n"
            + "String p = \"OBSERA_PREFIX_\" + x; String e = \"say \\\"OBSERA_ESCAPED\\\"\";\n"
            + "String f = \"settings (OBSERA_FAMILY_*) are required\";\n"
            + "String t = \"\"\"\n  OBSERA_IN_TEXT_BLOCK\n  \"\"\"; }";
    Names names = new Names(new TreeSet<>(), new TreeSet<>());
    for (String literal : stringLiterals(src)) {
      names.addFrom(literal);
    }
    assertThat(names.names())
        .containsExactlyInAnyOrder(
            "OBSERA_A", "OBSERA_B", "OBSERA_ESCAPED", "OBSERA_IN_TEXT_BLOCK");
    assertThat(names.prefixes()).containsExactly("OBSERA_PREFIX_");
    assertThat(docNames("`OBSERA_X`, `OBSERA_Y_*` and OBSERA_Z_."))
        .containsExactlyInAnyOrder("OBSERA_X", "OBSERA_Y_*", "OBSERA_Z");
  }

  /** The names and prefixes in the main sources' string literals and the obsera script. */
  private Names codeNames() {
    Names names = new Names(new TreeSet<>(), new TreeSet<>());
    for (Path dir : sourceDirs("main")) {
      for (Path java : javaFiles(dir)) {
        for (String literal : stringLiterals(read(java))) {
          names.addFrom(literal);
        }
      }
    }
    names.addFrom(read(root.resolve("obsera")));
    assertThat(names.names())
        .as("the scan found the variables of the config records")
        .contains("OBSERA_KAFKA_BOOTSTRAP", "OBSERA_API_PORT", "OBSERA_JAVA_OPTS");
    return names;
  }

  /** Names in test sources, the bench and CI scripts, Dockerfiles and compose files. */
  private Names testAndScriptNames() {
    Names names = new Names(new TreeSet<>(), new TreeSet<>());
    for (Path dir : sourceDirs("test")) {
      for (Path java : javaFiles(dir)) {
        for (String literal : stringLiterals(read(java))) {
          names.addFrom(literal);
        }
      }
    }
    try (Stream<Path> files = walk(root)) {
      files
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.equals("run")
                    || n.endsWith("Dockerfile")
                    || n.endsWith(".yml")
                    || n.endsWith(".sh");
              })
          .forEach(p -> names.addFrom(read(p)));
    }
    return names;
  }

  private List<Path> sourceDirs(String kind) {
    try (Stream<Path> dirs = walk(root)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.endsWith(Path.of("src", kind, "java")))
          .toList();
    }
  }

  private List<Path> javaFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> markdownFiles() {
    try (Stream<Path> files = walk(root)) {
      return files.filter(p -> p.toString().endsWith(".md")).toList();
    }
  }

  /**
   * Every file and directory under {@code dir}, skipping {@link #SKIPPED_DIRS} and the standalone
   * runtime's {@code data} directory at the top.
   */
  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir)
          .filter(
              p -> {
                Path rel = dir.relativize(p);
                if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("data")) {
                  return false;
                }
                for (Path part : rel) {
                  if (SKIPPED_DIRS.contains(part.toString())) {
                    return false;
                  }
                }
                return true;
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> docNames(Path markdown) {
    return docNames(read(markdown));
  }

  private static Set<String> docNames(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = DOC_NAME.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * The contents of the string literals and text blocks of a Java source, comments and char
   * literals skipped (escapes are kept as written; variable names contain none).
   */
  static List<String> stringLiterals(String src) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        int eol = src.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = i + 3;
        while (end < n && !(src.startsWith("\"\"\"", end) && src.charAt(end - 1) != '\\')) {
          end++;
        }
        out.add(src.substring(i + 3, Math.min(end, n)));
        i = end + 3;
      } else if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < n && src.charAt(end) != c) {
          end += src.charAt(end) == '\\' ? 2 : 1;
        }
        if (c == '"') {
          out.add(src.substring(i + 1, Math.min(end, n)));
        }
        i = end + 1;
      } else {
        i++;
      }
    }
    return out;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Full names, and prefixes (ending in {@code _}) that code completes by concatenation. */
  private record Names(Set<String> names, Set<String> prefixes) {
    /**
     * Adds the names in {@code text}. A token ending in {@code _} is a prefix, except when a {@code
     * *} follows: that is a message naming a family ({@code "OBSERA_SLO_* are required"}).
     */
    void addFrom(String text) {
      Matcher m = CODE_NAME.matcher(text);
      while (m.find()) {
        String token = m.group();
        if (!token.endsWith("_")) {
          names.add(token);
        } else if (m.end() >= text.length() || text.charAt(m.end()) != '*') {
          prefixes.add(token);
        }
      }
    }

    boolean coveredByPrefix(String name) {
      return prefixes.stream().anyMatch(name::startsWith);
    }

    boolean anyStartsWith(String prefix) {
      return prefixes.contains(prefix) || names.stream().anyMatch(n -> n.startsWith(prefix));
    }

    /**
     * These and the full names of {@code other}; its prefixes are left out (a test's regular
     * expression such as {@code "OBSERA_[A-Z_]*"} is no concatenated name).
     */
    Names plusNamesOf(Names other) {
      Set<String> n = new TreeSet<>(names);
      n.addAll(other.names);
      return new Names(n, prefixes);
    }
  }
}
