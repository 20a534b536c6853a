package com.example.shop.reports

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class SalesReportTest {
  private val report = new SalesReport(Seq("tea" -> 250L, "cake" -> 400L, "tea" -> 250L))

  @Test
  def totalsEverySale(): Unit = assertEquals(900L, report.total)

  @Test
  def groupsByProduct(): Unit = assertEquals(500L, report.byProduct("tea"))

  @Test
  def bestSellerEarnsMost(): Unit = assertEquals(Some("tea"), report.best)

  @Test
  def emptyReportHasNoBestSeller(): Unit = assertEquals(None, new SalesReport(Nil).best)
}
