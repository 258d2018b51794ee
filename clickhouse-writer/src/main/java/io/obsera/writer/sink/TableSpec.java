package io.obsera.writer.sink;

import java.util.List;

/** A ClickHouse table the writer inserts into, with the columns in RowBinary order. */
record TableSpec(String name, List<String> columns) {
  TableSpec {
    columns = List.copyOf(columns);
  }
}
