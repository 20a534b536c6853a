package com.example.analytics

import org.junit.Assert.assertEquals
import org.junit.Test

class StatsTest {
  private val eps = 1e-9

  @Test def meanAndMedian(): Unit = {
    assertEquals(2.5, Stats.mean(Seq(1.0, 2.0, 3.0, 4.0)), eps)
    assertEquals(2.5, Stats.median(Seq(4.0, 1.0, 3.0, 2.0)), eps)
    assertEquals(3.0, Stats.median(Seq(5.0, 3.0, 1.0)), eps)
  }

  @Test def percentilesAndSpread(): Unit = {
    val xs = Seq(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0)
    assertEquals(2.0, Stats.stddev(xs), eps)
    assertEquals(2.0, Stats.percentile(xs, 0), eps)
    assertEquals(9.0, Stats.percentile(xs, 100), eps)
  }

  @Test(expected = classOf[IllegalArgumentException])
  def emptySample(): Unit = {
    Stats.mean(Seq.empty)
  }
}
