package com.myorg.domain

import kotlinx.datetime.Instant
import kotlin.test.Test
import kotlin.test.assertEquals

class OrderTest {
    @Test
    fun totalIsTheSumOfTheLines() {
        val order = Order(
            id = "O-1",
            customerId = "C-000042",
            placedAt = Instant.fromEpochSeconds(0),
            lines = listOf(OrderLine("SKU-1", 2, 150), OrderLine("SKU-2", 1, 99)),
        )
        assertEquals(399, order.totalCents)
    }
}
