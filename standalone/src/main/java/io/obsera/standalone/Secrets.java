package io.obsera.standalone;

import io.obsera.embedded.PrivateFiles;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Secrets of a standalone installation: taken from the environment when set, else generated once
 * and kept in a file of the data directory (mode 0600) so a restart reuses them.
 */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dataDir;

  Secrets(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The file of the key that seals channel secrets. */
  static final String SECRET_KEY_FILE = "secret-key";

  /**
   * The key that seals channel secrets: {@code fromEnv} ({@code OBSERA_SECRET_KEY}) when set, else
   * the one in {@link #SECRET_KEY_FILE}, else 32 new random bytes written there; checked to be 32
   * bytes of base64 (the message names the variable or the file).
   */
  Secret secretKey(Optional<String> fromEnv) {
    Secret s = get(SECRET_KEY_FILE, fromEnv, 32);
    SecretBox.fromBase64(
        fromEnv.isPresent() ? StandaloneConfig.SECRET_KEY_ENV : s.file().toString(), s.value());
    return s;
  }

  /** The files of the secrets that rotate ({@link KeyRotationFiles}). */
  static final String ADMIN_TOKEN_FILE = "admin-token";

  static final String CONTROL_SIGNING_KEY_FILE = "control-signing-key";

  static final List<String> ROTATING =
      List.of(ADMIN_TOKEN_FILE, SECRET_KEY_FILE, CONTROL_SIGNING_KEY_FILE);

  /** Where a rotated secret's previous value is kept during the window. */
  static String previous(String fileName) {
    return fileName + ".previous";
  }

  /**
   * The box over {@code current} that also opens values sealed under {@code
   * <data>/secret-key.previous} (a rotation window).
   */
  SecretBox secretBox(String current) {
    String file = previous(SECRET_KEY_FILE);
    return SecretBox.fromBase64(StandaloneConfig.SECRET_KEY_ENV, current)
        .withPrevious(dataDir.resolve(file).toString(), read(file).orElse(null));
  }

  /** The previous admin token, still accepted during a rotation window (empty outside one). */
  List<String> previousAdminTokens() {
    return read(previous(ADMIN_TOKEN_FILE)).stream().toList();
  }

  /** The public key of the previous control signing key, still trusted during a rotation. */
  List<PublicKey> previousControlKeys() {
    String file = previous(CONTROL_SIGNING_KEY_FILE);
    return read(file).stream()
        .map(k -> ControlTrust.keyPair(dataDir.resolve(file).toString(), k).getPublic())
        .toList();
  }

  /** A secret and whether this call generated it (to print it once). */
  record Secret(String value, boolean generated, Path file) {}

  Secret get(String fileName, Optional<String> fromEnv, int bytes) {
    Path file = dataDir.resolve(fileName);
    if (fromEnv.isPresent()) {
      write(file, fromEnv.get());
      return new Secret(fromEnv.get(), false, file);
    }
    if (Files.exists(file)) {
      try {
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false, file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    write(file, value);
    return new Secret(value, true, file);
  }

  /** Stores a value computed elsewhere (e.g. a generated API key token). */
  void put(String fileName, String value) {
    write(dataDir.resolve(fileName), value);
  }

  Optional<String> read(String fileName) {
    Path file = dataDir.resolve(fileName);
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String value) {
    try {
      PrivateFiles.directory(file.getParent());
      PrivateFiles.write(file, value + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
