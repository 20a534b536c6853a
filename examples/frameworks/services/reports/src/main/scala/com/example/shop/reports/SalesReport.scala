package com.example.shop.reports

/** Totals of sales in minor units (cents), per product and overall. */
final class SalesReport(sales: Seq[(String, Long)]) {
  def total: Long = sales.map(_._2).sum

  def byProduct: Map[String, Long] =
    sales.groupBy(_._1).map { case (product, rows) => product -> rows.map(_._2).sum }

  def best: Option[String] =
    if (sales.isEmpty) None else Some(byProduct.maxBy { case (product, cents) => (cents, product) }._1)
}
