package io.obsera.bench.query;

import com.clickhouse.client.api.Client;
import io.obsera.bench.BenchRuntime;
import io.obsera.schema.ClickHouseClients;
import io.obsera.standalone.BackupCommand;
import io.obsera.standalone.Standalone;
import io.obsera.standalone.StandaloneConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backup and restore round trip over a day of data (the query bench's load, {@code BENCH_SPANS}
 * spans in {@code BENCH_QUERY_DATA}, loaded first when it is not there): stops the runtime, times
 * {@code backup}, {@code restore} into an empty data directory and the start of a runtime from it,
 * checks that every span came back, and prints the figures and the backup's size.
 */
public final class BackupBench {
  private BackupBench() {}

  public static void main(String[] args) throws Exception {
    QueryBenchConfig config = QueryBenchConfig.fromEnv(System.getenv());
    PrintStream out = System.out;
    Long anchor = QueryBench.prepare(config, out);
    StandaloneConfig source = BenchRuntime.config(config.dataDir());
    long spans;
    try (Standalone obsera = Standalone.start(source, out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      QueryBench.loadOrReuse(anchor, config, obsera, ch, out);
      spans = spans(ch);
    }
    Path work = config.dataDir().resolveSibling(config.dataDir().getFileName() + "-backup-bench");
    if (Files.exists(work)) {
      QueryBench.deleteTree(work);
    }
    Path backup = work.resolve("backup");
    StandaloneConfig restored = BenchRuntime.config(work.resolve("data"));

    long t0 = System.nanoTime();
    require(BackupCommand.run(List.of("backup", backup.toString()), source, out, System.err));
    double backupSeconds = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    require(BackupCommand.run(List.of("restore", backup.toString()), restored, out, System.err));
    double restoreSeconds = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    long back;
    double startSeconds;
    try (Standalone obsera = Standalone.start(restored, out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      startSeconds = (System.nanoTime() - t0) / 1e9;
      back = spans(ch);
    }
    out.printf(
        "%nbackup round trip, %,d spans (%,d back after the restore), %d CPUs%n"
            + "  backup  %8.1f s  (%,d MB in %s)%n"
            + "  restore %8.1f s%n"
            + "  start   %8.1f s  (the runtime from the restored data directory)%n"
            + "  total   %8.1f s%n",
        spans,
        back,
        Runtime.getRuntime().availableProcessors(),
        backupSeconds,
        size(backup) >> 20,
        backup,
        restoreSeconds,
        startSeconds,
        backupSeconds + restoreSeconds + startSeconds);
    if (back != spans) {
      throw new IllegalStateException("restored " + back + " spans of " + spans);
    }
  }

  private static long spans(Client ch) {
    return ch.queryAll("SELECT count() AS N FROM otel_traces").get(0).getLong("N");
  }

  private static void require(int exitCode) {
    if (exitCode != 0) {
      throw new IllegalStateException("exit code " + exitCode);
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
