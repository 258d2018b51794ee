package io.obsera.model.control;

/**
 * Matches one label of an alert, Alertmanager style: {@code =} equal, {@code !=} not equal, {@code
 * =~} full regular-expression match, {@code !~} its negation. A missing label matches as the empty
 * string.
 *
 * @param op one of {@code =}, {@code !=}, {@code =~}, {@code !~}
 */
public record LabelMatcher(String label, String op, String value) {}
