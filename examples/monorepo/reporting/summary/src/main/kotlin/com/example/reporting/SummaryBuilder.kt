package com.example.reporting

import com.example.core.model.Item

/** Builds [InventorySummary] values; callable from Java as `SummaryBuilder.summarise(items)`. */
object SummaryBuilder {
    @JvmStatic
    fun summarise(items: List<Item>): InventorySummary {
        val totals = items
            .groupBy { it.category() }
            .toSortedMap()
            .map { (category, group) ->
                CategoryTotal(
                    category = category,
                    lines = group.size,
                    units = group.sumBy { it.quantity() },
                    value = group.map { it.stockValue() }.reduce { a, b -> a.plus(b) }
                )
            }
        val outOfStock = items.filter { it.quantity() == 0 }.map { it.sku().code() }.sorted()
        return InventorySummary(totals, outOfStock)
    }
}
