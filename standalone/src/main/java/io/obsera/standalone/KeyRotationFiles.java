package io.obsera.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./obsera rotate-keys}: rotates the admin token, the secret key and the control signing key
 * of a standalone data directory in two steps. {@code begin} keeps each as {@code <name>.previous};
 * the next start generates new ones (or takes {@code OBSERA_*} values), still accepts the previous
 * ones, and re-seals and re-signs every control record under the new keys. {@code finish}, after
 * that start, removes the previous ones: from the next start on they are refused.
 */
public final class KeyRotationFiles {
  private KeyRotationFiles() {}

  /** Moves each current secret to its {@code .previous} file; returns the files moved. */
  static List<String> begin(Path dataDir) throws IOException {
    for (String name : Secrets.ROTATING) {
      if (Files.exists(dataDir.resolve(Secrets.previous(name)))) {
        throw new IllegalStateException(
            "a rotation is under way ("
                + dataDir.resolve(Secrets.previous(name))
                + " exists): start Obsera once, then run ./obsera rotate-keys finish");
      }
    }
    List<String> moved = new ArrayList<>();
    for (String name : Secrets.ROTATING) {
      Path current = dataDir.resolve(name);
      if (Files.exists(current)) {
        Files.move(
            current, dataDir.resolve(Secrets.previous(name)), StandardCopyOption.ATOMIC_MOVE);
        moved.add(name);
      }
    }
    return moved;
  }

  /** Removes the {@code .previous} files; returns the files removed. */
  static List<String> finish(Path dataDir) throws IOException {
    for (String name : Secrets.ROTATING) {
      if (Files.exists(dataDir.resolve(Secrets.previous(name)))
          && !Files.exists(dataDir.resolve(name))) {
        throw new IllegalStateException(
            dataDir.resolve(name)
                + " does not exist yet: start Obsera once after 'rotate-keys begin' (the start"
                + " creates the new keys and moves every record to them), then finish");
      }
    }
    List<String> removed = new ArrayList<>();
    for (String name : Secrets.ROTATING) {
      if (Files.deleteIfExists(dataDir.resolve(Secrets.previous(name)))) {
        removed.add(Secrets.previous(name));
      }
    }
    return removed;
  }

  /** {@code begin} or {@code finish} on {@code OBSERA_DATA_DIR} (default {@code ./data}). */
  public static void main(String[] args) {
    Path dataDir =
        Path.of(System.getenv().getOrDefault("OBSERA_DATA_DIR", "./data"))
            .toAbsolutePath()
            .normalize();
    String step = args.length == 1 ? args[0] : "";
    try {
      switch (step) {
        case "begin" -> {
          List<String> moved = begin(dataDir);
          System.out.println(
              "kept as .previous in "
                  + dataDir
                  + ": "
                  + String.join(", ", moved)
                  + ". The next start uses new keys (the new admin token in "
                  + dataDir.resolve(Secrets.ADMIN_TOKEN_FILE)
                  + "), still accepts the previous ones and moves every record to the new ones;"
                  + " then run ./obsera rotate-keys finish.");
        }
        case "finish" -> {
          List<String> removed = finish(dataDir);
          System.out.println(
              "removed "
                  + (removed.isEmpty() ? "nothing" : String.join(", ", removed))
                  + ": from the next start on the previous keys and token are refused.");
        }
        default -> {
          System.err.println("usage: ./obsera rotate-keys begin|finish");
          System.exit(2);
        }
      }
    } catch (IllegalStateException | IOException e) {
      System.err.println("obsera: " + e.getMessage());
      System.exit(1);
    }
  }
}
