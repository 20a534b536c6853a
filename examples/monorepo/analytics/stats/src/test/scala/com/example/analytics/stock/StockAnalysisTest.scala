package com.example.analytics.stock

import java.util.Arrays

import com.example.core.model.{Category, Item, Money}
import org.junit.Assert.assertEquals
import org.junit.Test

class StockAnalysisTest {
  private def item(sku: String, category: Category, cents: Long, qty: Int): Item =
    Item.builder(sku).name(sku).category(category).unitPrice(Money.ofCents(cents)).quantity(qty).build()

  private val items = Arrays.asList(
    item("HW-0001", Category.HARDWARE, 990, 4),
    item("GD-0100", Category.GARDEN, 2400, 2),
    item("KT-0007", Category.KITCHEN, 3199, 0))

  @Test def flatPolicy(): Unit = {
    val analysis = new StockAnalysis(items, 5)
    assertEquals(Seq(Reorder("KT-0007", 5), Reorder("GD-0100", 3), Reorder("HW-0001", 1)),
      analysis.reorders)
  }

  @Test def categoryPolicy(): Unit = {
    val policy = ReorderPolicy.byCategory(Map(Category.HARDWARE -> 10), default = 0)
    assertEquals(Seq(Reorder("HW-0001", 6)), new StockAnalysis(items, policy).reorders)
  }

  @Test def prices(): Unit = {
    val summary = new StockAnalysis(items, 0).priceSummary
    assertEquals(3, summary.count)
    assertEquals(24.0, summary.median, 1e-9)
    assertEquals(31.99, summary.max, 1e-9)
  }
}
