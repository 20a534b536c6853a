package com.example.analytics.stock

import com.example.analytics.{Stats, Summary}
import com.example.core.model.Item

import scala.collection.JavaConverters._

/** A suggested purchase: `units` more of `sku`. */
case class Reorder(sku: String, units: Int)

/** Analyses a stock list (a java.util.List, so Java code can call it directly). */
class StockAnalysis(items: java.util.List[Item], policy: ReorderPolicy) {
  private val all: Seq[Item] = items.asScala.toList

  def this(items: java.util.List[Item], units: Int) = this(items, ReorderPolicy.flat(units))

  /** Items below their target, most urgent (largest shortfall) first. */
  def reorders: Seq[Reorder] =
    all.map(i => Reorder(i.sku.code, policy.target(i) - i.quantity))
      .filter(_.units > 0)
      .sortBy(r => (-r.units, r.sku))

  def reordersAsJava: java.util.List[Reorder] = reorders.asJava

  /** Statistics of unit prices in major units (e.g. euros). */
  def priceSummary: Summary = Stats.describe(all.map(_.unitPrice.cents / 100.0).toArray)
}
