package io.obsera.query.slo;

import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;

/** What a client sends to create or replace an SLO (tenant and times come from the service). */
record SloSpec(
    String id,
    String name,
    SloKind kind,
    String service,
    String operation,
    String spanKind,
    Double thresholdMs,
    Double objective,
    SloPeriod period) {}
