package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SystemPackages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the README's "Your first trace" commands for real: the shell blocks marked {@code <!--
 * first-trace -->} are run with bash from the repository root against a standalone Obsera started
 * here (ports 0; the README's default ports and {@code data/api-key} are rewritten to this
 * runtime's), and the trace they send must come back from the API.
 */
@ExtendWith(ObseraServersExtension.class)
class ReadmeFirstTraceIT {
  static final String MARKER = "<!-- first-trace";
  private static final String EXAMPLE_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_returnTheSentTrace_whenTheReadmesFirstTraceCommandsRun() throws Exception {
    Path root = repositoryRoot();
    List<String> blocks = markedBlocks(Files.readString(root.resolve("README.md")));
    assertThat(blocks).as("shell blocks marked '%s' in README.md", MARKER).isNotEmpty();
    String commands = String.join("\n", blocks);
    // the README's commands use curl, as a reader's shell has it; a bare CI machine may not
    SystemPackages.ensure("curl", "curl");
    assertThat(commands)
        .as("the first-trace commands use the default ports and the data directory's key")
        .contains("127.0.0.1:4318", "127.0.0.1:8080", "data/api-key");

    Map<String, String> env = StandaloneTestEnv.of("readme-first-trace");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    StandaloneConfig config = StandaloneConfig.fromEnv(env);
    Instant sent = Instant.now();
    try (Standalone obsera =
        Standalone.start(config, new PrintStream(new ByteArrayOutputStream(), true))) {
      String script =
          commands
              .replace("data/api-key", config.dataDir().resolve("api-key").toString())
              .replace("127.0.0.1:4318", "127.0.0.1:" + obsera.otlpHttpPort())
              .replace("127.0.0.1:8080", "127.0.0.1:" + obsera.apiPort());

      Result run = bash(script, root, Duration.ofSeconds(120));

      assertThat(run.exitCode()).as("exit code of the README's commands\n%s", run).isZero();
      List<String> lines = run.stdout().lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as("output of the README's commands\n%s", run).hasSize(2);
      assertThat(lines.get(0)).as("the ingest answer: everything stored").isEqualTo("{}");
      JsonNode trace = JSON.readTree(lines.get(1));
      String traceId = trace.path("traceId").asText();
      assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(EXAMPLE_TRACE_ID);
      assertThat(trace.path("spans")).hasSize(1);
      JsonNode span = trace.path("spans").get(0);
      assertThat(span.path("name").asText()).isEqualTo("GET /cart");
      assertThat(span.path("serviceName").asText()).isEqualTo("checkout");
      Instant start =
          Instant.EPOCH.plusNanos(Long.parseLong(span.path("startTimeUnixNano").asText()));
      assertThat(start)
          .as("the span carries the time it was sent, not the example file's")
          .isBetween(sent.minusSeconds(2), Instant.now().plusSeconds(2));

      HttpResponse<String> again =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + obsera.apiPort() + "/api/v1/traces/" + traceId))
                      .header("Authorization", "Bearer " + obsera.apiKey())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    }
  }

  @Test
  void should_findTheShellBlockAfterEachMarker() {
    String md =
        "text\n```sh\nnot this\n```\n"
            + MARKER
            + ": a note -->\n```sh\necho one\necho two\n```\nmore\n"
            + MARKER
            + " -->\n\n```sh\necho three\n```\n";
    assertThat(markedBlocks(md)).containsExactly("echo one\necho two\n", "echo three\n");
  }

  /** The body of the first fenced code block after each marker line. */
  static List<String> markedBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().startsWith(MARKER)) {
        continue;
      }
      int open = i + 1;
      while (open < lines.size() && !lines.get(open).strip().startsWith("```")) {
        open++;
      }
      StringBuilder body = new StringBuilder();
      int line = open + 1;
      while (line < lines.size() && !lines.get(line).strip().startsWith("```")) {
        body.append(lines.get(line)).append('\n');
        line++;
      }
      if (open < lines.size() && line < lines.size()) {
        blocks.add(body.toString());
      }
      i = line;
    }
    return blocks;
  }

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  /** Runs {@code script} with {@code bash -eu -o pipefail} in {@code dir}. */
  static Result bash(String script, Path dir, Duration timeout) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-eu", "-o", "pipefail", "-c", script)
            .directory(dir.toFile())
            .start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> text(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the README's commands did not finish within " + timeout);
    }
    return new Result(p.exitValue(), out.get(), err.get());
  }

  private static String text(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The nearest directory at or above the working directory with the obsera script and docs/. */
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
}
