package com.myorg.orders

import com.myorg.domain.OrderLine
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import kotlin.test.assertEquals

class OrderServiceTest {
    @ParameterizedTest
    @CsvSource("1, 100, 100", "3, 250, 750")
    fun totals(quantity: Int, unitPriceCents: Long, expected: Long) {
        val order = OrderService().place("C-000042", listOf(OrderLine("SKU-1", quantity, unitPriceCents)))
        assertEquals(expected, order.totalCents)
    }
}
