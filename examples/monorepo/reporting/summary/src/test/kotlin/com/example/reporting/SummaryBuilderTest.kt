package com.example.reporting

import com.example.core.model.Category
import com.example.core.model.Item
import com.example.core.model.Money
import com.example.reporting.format.formatAmount
import com.example.reporting.format.percentOf
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class SummaryBuilderTest {
    private fun item(sku: String, category: Category, price: String, qty: Int): Item =
        Item.builder(sku).name(sku).category(category).unitPrice(Money.parse(price)).quantity(qty).build()

    private val items = listOf(
        item("HW-0001", Category.HARDWARE, "9.90", 4),
        item("HW-0002", Category.HARDWARE, "4.50", 30),
        item("KT-0007", Category.KITCHEN, "31.99", 0),
        item("GD-0100", Category.GARDEN, "24.00", 2)
    )

    @Test
    fun totalsPerCategoryInEnumOrder() {
        val summary = SummaryBuilder.summarise(items)
        assertEquals(listOf(Category.HARDWARE, Category.GARDEN, Category.KITCHEN),
            summary.totals.map { it.category })
        assertEquals(CategoryTotal(Category.HARDWARE, 2, 34, Money.parse("174.60")), summary.totals[0])
        assertEquals(Money.parse("222.60"), summary.totalValue)
        assertEquals(36, summary.totalUnits)
        assertEquals(listOf("KT-0007"), summary.outOfStock)
    }

    @Test
    fun rendersText() {
        val text = SummaryBuilder.summarise(items).render()
        assertTrue(text, text.contains("Hardware"))
        assertTrue(text, text.contains("222.60 EUR"))
        assertTrue(text, text.endsWith("Out of stock: KT-0007\n"))
    }

    @Test
    fun formatsMoney() {
        assertEquals("12,345.67 EUR", Money.ofCents(1234567).formatAmount())
        assertEquals(25, percentOf(Money.ofCents(25), Money.ofCents(100)))
        assertEquals(0, percentOf(Money.ofCents(25), Money.zero()))
    }
}
