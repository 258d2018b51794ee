package io.obsera.ingest.otlp;

import io.obsera.ingest.pipeline.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The header cases of {@link BadInputIT}, written to raw sockets (java.net.http refuses to send
 * most of them): Content-Type parameters (an illegal or unknown charset, an empty parameter, a
 * {@code ;} too many), Content-Encoding lists and unknown encodings, Content-Type and
 * Content-Encoding sent twice, control characters, folded lines, illegal header names, and headers
 * or a request line over Jetty's limits. Each must be a 4xx whose body names what is wrong; a
 * Content-Type with {@code charset=utf-8} (any case, quoted or not) is valid and its items land.
 */
final class BadInputHeaders {
  /** One raw request: its extra header lines and body, and the answer it must get. */
  record Case(
      int id,
      String family,
      Signal signal,
      String headers,
      byte[] body,
      int status,
      List<String> hints,
      boolean ours) {
    @Override
    public String toString() {
      return "header case "
          + id
          + " ("
          + family
          + ", "
          + signal.header()
          + ", "
          + RequestHeaders.shown(headers)
          + ")";
    }
  }

  private static final String PB = BadInputCases.PB;
  private static final String JSON = BadInputCases.JSON;
  private static final List<String> CT = List.of("Content-Type");
  private static final List<String> CE = List.of("Content-Encoding");

  private final SplittableRandom random;
  private final BadInputItems items;
  private final String run;
  private final int port;
  private final String key;
  private final List<Case> cases = new ArrayList<>();
  private final List<String> landing = new ArrayList<>();

  BadInputHeaders(long seed, String run, int port, String key) {
    this.random = new SplittableRandom(seed + 3);
    this.items = new BadInputItems(random);
    this.run = run;
    this.port = port;
    this.key = key;
    for (Signal signal : Signal.values()) {
      generate(signal);
    }
  }

  int count() {
    return cases.size();
  }

  List<String> landing() {
    return landing;
  }

  /** Cases per family. */
  Map<String, Long> families() {
    Map<String, Long> out = new TreeMap<>();
    cases.forEach(c -> out.merge(c.family(), 1L, Long::sum));
    return out;
  }

  private void generate(Signal signal) {
    repeat(6, () -> contentType(signal, "ct-charset-illegal", illegalCharset(), "charset"));
    repeat(6, () -> contentType(signal, "ct-charset-unknown", unknownCharset(), "charset"));
    repeat(5, () -> contentType(signal, "ct-empty-parameter", emptyParameter(), "parameter"));
    repeat(5, () -> contentType(signal, "ct-semicolons", semicolons(), "parameter"));
    repeat(3, () -> duplicateContentType(signal));
    repeat(4, () -> encoding(signal, "ce-list", pick("gzip, gzip", "identity, gzip", "gzip,br")));
    repeat(
        3,
        () -> encoding(signal, "ce-unknown", pick("x-\u00ff", "gzip2", "gzip\u00e9", "*", "b r")));
    repeat(3, () -> duplicateEncoding(signal));
    repeat(2, () -> jetty(signal, "header-control-char", controlChar(), 400, "Illegal character"));
    jetty(signal, "header-folded", "Content-Type: " + JSON + "\r\n charset=utf-8\r\n", 400, "Fold");
    jetty(signal, "header-bad-name", badName(), 400, "Illegal character");
    repeat(
        3, () -> jetty(signal, "headers-oversized", oversized(), 431, "Header Fields Too Large"));
    repeat(3, () -> valid(signal));
  }

  private void repeat(int n, Runnable add) {
    for (int i = 0; i < n; i++) {
      add.run();
    }
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String type() {
    return random.nextBoolean() ? PB : JSON;
  }

  private String illegalCharset() {
    return pick("\u00ff", "\u00ff\u00fe", "utf-8\u00e9", "@utf8", "[x]", "\"utf-8", "utf/8");
  }

  private String unknownCharset() {
    return pick("klingon", "x-unknown-42", "utf-9", "iso-8859-1", "utf-16", "\"latin1\"");
  }

  private String emptyParameter() {
    return pick(";", "; ", "; charset=", "; =utf-8", ";charset", "; charset =utf-8");
  }

  private String semicolons() {
    return pick(";; charset=utf-8", "; charset=utf-8;", ";;;", "; charset=utf-8; charset=utf-8");
  }

  private String controlChar() {
    return "Content-Type: " + JSON + pick("\u0001", "\u001b", "\u0000") + "\r\n";
  }

  private String badName() {
    return pick("Content\u00ffType", "Content Type", "Content-Type\u0001") + ": " + JSON + "\r\n";
  }

  private String oversized() {
    int size = 9 * 1024 + random.nextInt(24 * 1024);
    return switch (random.nextInt(3)) {
      case 0 -> "Content-Type: " + JSON + "\r\nX-Padding: " + "p".repeat(size) + "\r\n";
      case 1 -> "Content-Type: " + JSON + "; x=" + "v".repeat(size) + "\r\n";
      default ->
          "Content-Type: " + JSON + "\r\n" + "X-Many: 0123456789abcdef\r\n".repeat(size / 26);
    };
  }

  /** A request of 1-4 items that would be valid, marked must-not-land. */
  private byte[] refusedBody(Signal signal, String type) {
    List<BadInputItems.Item> list = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      list.add(
          items.valid(BadInputCases.MUST_NOT_LAND + ":" + run + ":hdr" + cases.size() + ":" + i));
    }
    var request = items.request(signal, list);
    return type.equals(JSON) ? BadInputItems.json(request) : request.toByteArray();
  }

  private void contentType(Signal signal, String family, String parameters, String hint) {
    String type = type();
    String value =
        parameters.startsWith(";") ? type + parameters : type + "; charset=" + parameters;
    add(family, signal, "Content-Type: " + value + "\r\n", refusedBody(signal, type), 415, hint);
  }

  private void duplicateContentType(Signal signal) {
    String type = type();
    String second = random.nextBoolean() ? type : (type.equals(PB) ? JSON : PB);
    String headers = "Content-Type: " + type + "\r\nContent-Type: " + second + "\r\n";
    add("ct-duplicate", signal, headers, refusedBody(signal, type), 400, "2 times");
  }

  private void encoding(Signal signal, String family, String encoding) {
    String type = type();
    String headers = "Content-Type: " + type + "\r\nContent-Encoding: " + encoding + "\r\n";
    byte[] body = BadInputCases.gzip(refusedBody(signal, type));
    cases.add(new Case(cases.size(), family, signal, headers, body, 415, CE, true));
  }

  private void duplicateEncoding(Signal signal) {
    String type = type();
    String headers =
        "Content-Type: "
            + type
            + "\r\nContent-Encoding: gzip\r\nContent-Encoding: "
            + pick("gzip", "identity")
            + "\r\n";
    byte[] body = BadInputCases.gzip(refusedBody(signal, type));
    cases.add(
        new Case(
            cases.size(),
            "ce-duplicate",
            signal,
            headers,
            body,
            400,
            List.of("Content-Encoding", "2 times"),
            true));
  }

  private void add(
      String family, Signal signal, String headers, byte[] body, int status, String hint) {
    List<String> hints = new ArrayList<>(family.startsWith("ct-") ? CT : CE);
    hints.add(hint);
    cases.add(new Case(cases.size(), family, signal, headers, body, status, hints, true));
  }

  /** Garbage Jetty's parser refuses before the receiver sees it: its status and reason. */
  private void jetty(Signal signal, String family, String headers, int status, String hint) {
    cases.add(
        new Case(cases.size(), family, signal, headers, new byte[0], status, List.of(hint), false));
  }

  /** A Content-Type with parameters a client may send: accepted, its items land. */
  private void valid(Signal signal) {
    String type = type();
    String value =
        pick(
            type + "; charset=utf-8",
            type + ";charset=\"UTF-8\"",
            type.toUpperCase() + "; charset=Utf-8; v=1");
    List<BadInputItems.Item> list = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String marker = "ok:" + run + ":hdr" + cases.size() + ":" + i;
      list.add(items.valid(marker));
      landing.add(marker);
    }
    var request = items.request(signal, list);
    byte[] body = type.equals(JSON) ? BadInputItems.json(request) : request.toByteArray();
    cases.add(
        new Case(
            cases.size(),
            "ct-valid-parameters",
            signal,
            "Content-Type: " + value + "\r\n",
            body,
            200,
            List.of(),
            true));
  }

  /** Sends every case, one connection each, and adds what was answered otherwise to failures. */
  void run(Queue<String> failures) {
    for (Case c : cases) {
      try {
        String problem = problem(c, exchange(c));
        if (problem != null) {
          failures.add(c + ": " + problem);
        }
      } catch (IOException e) {
        failures.add(c + ": " + e);
      }
    }
  }

  /** The raw answer: status line, headers and body. */
  private String exchange(Case c) throws IOException {
    String head =
        "POST /v1/"
            + c.signal().header()
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nAuthorization: Bearer "
            + key
            + "\r\n"
            + c.headers()
            + "Content-Length: "
            + c.body().length
            + "\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(c.body());
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before reading everything: read what it said
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Why the answer is not the expected one, or null. */
  private static String problem(Case c, String answer) {
    if (answer.isEmpty()) {
      return "no answer, the connection was closed";
    }
    String statusLine = answer.lines().findFirst().orElse("");
    String[] parts = statusLine.split(" ", 3);
    int status = parts.length > 1 && parts[1].matches("[0-9]{3}") ? Integer.parseInt(parts[1]) : -1;
    int split = answer.indexOf("\r\n\r\n");
    String headers = split < 0 ? answer : answer.substring(0, split);
    String body = split < 0 ? "" : answer.substring(split + 4);
    if (status != c.status()) {
      return "status " + status + " instead of " + c.status() + ": " + BadInputIT.abbreviate(body);
    }
    if (c.ours()
        && !headers.toLowerCase().contains("content-type: " + PB)
        && !headers.toLowerCase().contains("content-type: " + JSON)) {
      return "not answered in an OTLP encoding: " + BadInputIT.abbreviate(headers);
    }
    for (String hint : c.hints()) {
      if (!body.contains(hint)) {
        return "answer '" + BadInputIT.abbreviate(body) + "' does not name '" + hint + "'";
      }
    }
    return null;
  }
}
