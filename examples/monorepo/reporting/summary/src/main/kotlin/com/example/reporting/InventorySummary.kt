package com.example.reporting

import com.example.core.model.Category
import com.example.core.model.Money
import com.example.reporting.format.formatAmount

/** Totals for one category. */
data class CategoryTotal(val category: Category, val lines: Int, val units: Int, val value: Money)

/** A whole-inventory summary, printable as text. */
data class InventorySummary(
    val totals: List<CategoryTotal>,
    val outOfStock: List<String>
) {
    val totalValue: Money
        get() = totals.fold(Money.zero()) { acc, t -> acc.plus(t.value) }

    val totalUnits: Int
        get() = totals.sumBy { it.units }

    fun render(): String = buildString {
        for (t in totals) {
            append(t.category.label().padEnd(10))
            append(t.lines.toString().padStart(3)).append(" lines ")
            append(t.units.toString().padStart(5)).append(" units ")
            append(t.value.formatAmount().padStart(12)).append('\n')
        }
        append("Total".padEnd(10)).append(" ".repeat(10))
        append(totalUnits.toString().padStart(5)).append(" units ")
        append(totalValue.formatAmount().padStart(12)).append('\n')
        if (outOfStock.isNotEmpty()) {
            append("Out of stock: ").append(outOfStock.joinToString(", ")).append('\n')
        }
    }
}
