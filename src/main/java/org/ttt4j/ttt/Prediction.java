package org.ttt4j.ttt;

/**
 * What a strategy recorded for one sample: the predicted class after each adaptation step
 * ({@code predictions[0]} before any step on this sample, when the strategy measures it), the
 * softmax probability of each of those predictions, the MAE loss of each step, and the wall time
 * spent on the sample. {@code image} is the sample's dataset image index, null when it has none.
 */
public record Prediction(int position, String corruption, int severity, int label,
    int[] predictions, float[] losses, double seconds, float[] confidences, Integer image) {

  /** A prediction for a sample without a dataset image index. */
  public Prediction(int position, String corruption, int severity, int label, int[] predictions,
      float[] losses, double seconds, float[] confidences) {
    this(position, corruption, severity, label, predictions, losses, seconds, confidences, null);
  }

  /** The final prediction: after the last step. */
  public int finalPrediction() {
    return predictions[predictions.length - 1];
  }

  public boolean correct() {
    return finalPrediction() == label;
  }

  /** The same record with another wall time (offline TTT adds its share of the adaptation). */
  public Prediction withSeconds(double newSeconds) {
    return new Prediction(position, corruption, severity, label, predictions, losses, newSeconds,
        confidences, image);
  }

  /** Value equality: the arrays by their contents (a record's default compares references). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p && position == p.position && severity == p.severity
        && label == p.label && Double.compare(seconds, p.seconds) == 0
        && java.util.Objects.equals(corruption, p.corruption)
        && java.util.Objects.equals(image, p.image)
        && java.util.Arrays.equals(predictions, p.predictions)
        && java.util.Arrays.equals(losses, p.losses)
        && java.util.Arrays.equals(confidences, p.confidences);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(position, corruption, severity, label,
        java.util.Arrays.hashCode(predictions), java.util.Arrays.hashCode(losses), seconds,
        java.util.Arrays.hashCode(confidences), image);
  }

  /** The record's fields, the arrays by their contents (not {@code [I@40005471}). */
  @Override
  public String toString() {
    return "Prediction[position=" + position + ", corruption=" + corruption + ", severity="
        + severity + ", label=" + label + ", predictions="
        + java.util.Arrays.toString(predictions) + ", losses=" + java.util.Arrays.toString(losses)
        + ", seconds=" + seconds + ", confidences=" + java.util.Arrays.toString(confidences)
        + ", image=" + image + "]";
  }

  static Prediction of(Sample s, Adapter.Guess[] guesses, float[] losses, long startNanos) {
    int[] predictions = new int[guesses.length];
    float[] confidences = new float[guesses.length];
    for (int i = 0; i < guesses.length; i++) {
      predictions[i] = guesses[i].label();
      confidences[i] = guesses[i].confidence();
    }
    return new Prediction(s.position(), s.corruption(), s.severity(), s.label(), predictions,
        losses, (System.nanoTime() - startNanos) / 1e9, confidences,
        s.imageIndex() < 0 ? null : s.imageIndex());
  }
}
