package com.example.analytics

/** Descriptive statistics over samples of doubles. */
object Stats {
  def mean(xs: Seq[Double]): Double = {
    require(xs.nonEmpty, "mean of an empty sample")
    xs.sum / xs.size
  }

  def median(xs: Seq[Double]): Double = percentile(xs, 50)

  /** Linear-interpolated percentile, `p` in [0, 100]. */
  def percentile(xs: Seq[Double], p: Double): Double = {
    require(xs.nonEmpty, "percentile of an empty sample")
    require(p >= 0 && p <= 100, s"percentile out of range: $p")
    val sorted = xs.sorted
    val rank = p / 100.0 * (sorted.size - 1)
    val lo = math.floor(rank).toInt
    val hi = math.ceil(rank).toInt
    sorted(lo) + (sorted(hi) - sorted(lo)) * (rank - lo)
  }

  /** Population standard deviation. */
  def stddev(xs: Seq[Double]): Double = {
    val m = mean(xs)
    math.sqrt(xs.map(x => (x - m) * (x - m)).sum / xs.size)
  }

  /** Summary of a sample, friendly to Java callers. */
  def describe(xs: Array[Double]): Summary = {
    val s = xs.toSeq
    Summary(s.size, mean(s), median(s), stddev(s), s.min, s.max)
  }
}

case class Summary(count: Int, mean: Double, median: Double, stddev: Double, min: Double, max: Double) {
  override def toString: String =
    f"n=$count mean=$mean%.2f median=$median%.2f sd=$stddev%.2f min=$min%.2f max=$max%.2f"
}
