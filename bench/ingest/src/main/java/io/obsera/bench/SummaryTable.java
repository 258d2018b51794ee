package io.obsera.bench;

import java.io.PrintStream;
import java.util.List;

/** The final table: one line per scenario, then the e2e comparison when it ran. */
final class SummaryTable {
  private static final String ROW = "%-20s %-5s %10s %8s %8s %8s %8s %8s %8s %8s %8s%n";

  private SummaryTable() {}

  static void print(PrintStream out, List<LoadResult> results, EndToEnd.Result e2e) {
    out.println();
    out.printf(ROW, "", "", "", "", "", "", "cpu-s/100k items:", "", "", "", "");
    out.printf(
        ROW,
        "scenario",
        "items",
        "items/s",
        "req/s",
        "p50 ms",
        "p99 ms",
        "server",
        "ingest",
        "client",
        "process",
        "chouse");
    for (LoadResult r : results) {
      out.printf(
          ROW,
          r.scenario().id(),
          r.scenario().unit(),
          String.format("%,.0f", r.itemsPerSecond()),
          String.format("%.1f", r.requestsPerSecond()),
          String.format("%.1f", r.p50Nanos() / 1e6),
          String.format("%.1f", r.p99Nanos() / 1e6),
          String.format("%.2f", r.cpuPer100k(r.cpu().server())),
          String.format("%.2f", r.cpuPer100k(r.cpu().ingest())),
          String.format("%.2f", r.cpuPer100k(r.cpu().client())),
          String.format("%.2f", r.cpuPer100k(r.cpu().process())),
          String.format("%.2f", r.cpuPer100k(r.cpu().children())));
    }
    out.println();
    int cores = Runtime.getRuntime().availableProcessors();
    for (LoadResult r : results) {
      double perItem = r.cpuPer100k(r.cpu().process() + r.cpu().children()) / 100_000.0;
      out.printf(
          "%-20s at %.2f cpu-s/100k (process + ClickHouse), %d cores would accept about %,.0f %s/s"
              + " if nothing else ran (an estimate; measured: %,.0f)%n",
          r.scenario().id(),
          perItem * 100_000,
          cores,
          cores / perItem,
          r.scenario().unit(),
          r.itemsPerSecond());
    }
    if (e2e != null) {
      out.println();
      out.printf(
          "e2e landed in ClickHouse:  %,10.0f spans/s  (%d of %d rows in %.2f s after the first"
              + " request)%n",
          e2e.landedPerSecond(), e2e.landed(), e2e.accepted().items(), e2e.landNanos() / 1e9);
      out.printf(
          "direct RowBinary insert:   %,10.0f spans/s  (%d rows in %.2f s)%n",
          e2e.directPerSecond(), e2e.direct(), e2e.directNanos() / 1e9);
      out.printf(
          "ratio landed / direct:     %10.2f%n", e2e.landedPerSecond() / e2e.directPerSecond());
      out.printf(
          "ratio accepted / direct:   %10.2f%n",
          e2e.accepted().itemsPerSecond() / e2e.directPerSecond());
    }
  }

  /** One line right after a scenario ran. */
  static void printDetail(PrintStream out, LoadResult r) {
    CpuMeter.Usage cpu = r.cpu();
    out.printf(
        "%s: %,.0f %s/s accepted, %.1f req/s, %.1f MB/s, p50 %.1f ms, p99 %.1f ms (%d %s in %d"
            + " requests, %.2f s); CPU s: process %.2f = server %.2f (ingest threads %.2f) + client"
            + " %.2f, ClickHouse %.2f; JIT %.1f s, GC %.1f s%n",
        r.scenario().id(),
        r.itemsPerSecond(),
        r.scenario().unit(),
        r.requestsPerSecond(),
        r.bytes() / 1e6 / r.seconds(),
        r.p50Nanos() / 1e6,
        r.p99Nanos() / 1e6,
        r.items(),
        r.scenario().unit(),
        r.requests(),
        r.seconds(),
        cpu.process() / 1e9,
        cpu.server() / 1e9,
        cpu.ingest() / 1e9,
        cpu.client() / 1e9,
        cpu.children() / 1e9,
        cpu.jitMillis() / 1e3,
        cpu.gcMillis() / 1e3);
  }
}
