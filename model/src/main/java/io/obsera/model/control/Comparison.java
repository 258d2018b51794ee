package io.obsera.model.control;

/** How a threshold rule compares the observed value with its threshold. */
public enum Comparison {
  ABOVE,
  BELOW;

  public boolean breaches(double value, double threshold) {
    return this == ABOVE ? value > threshold : value < threshold;
  }
}
