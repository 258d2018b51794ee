package io.obsera.embedded;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The few C functions of libchdb.so that the server process calls, bound with JNA. */
interface ChdbNative extends Library {

  /** Must be called with 0 before the first query, or the JVM dies with SIGSEGV. */
  void chdb_set_signal_handlers_enabled(int enabled);

  /** Runs the clickhouse-local main with these arguments; returns a {@code chdb_result*}. */
  Pointer chdb_query_cmdline(int argc, String[] argv);

  /** The error message of a result, or null. */
  String chdb_result_error(Pointer result);
}
