package com.myorg.orders

import com.myorg.domain.Order
import com.myorg.domain.OrderLine
import com.myorg.domain.newOrderId
import kotlinx.datetime.Clock
import kotlinx.serialization.Serializable
import kotlinx.serialization.encodeToString
import kotlinx.serialization.json.Json

@Serializable
data class OrderSummary(val id: String, val customerId: String, val totalCents: Long)

class OrderService(private val clock: Clock = Clock.System) {
    private val orders = mutableMapOf<String, Order>()

    fun place(customerId: String, lines: List<OrderLine>): Order {
        val order = Order(newOrderId(), customerId, clock.now(), lines)
        orders[order.id] = order
        return order
    }

    fun summaryJson(id: String): String {
        val order = orders.getValue(id)
        return Json.encodeToString(OrderSummary(order.id, order.customerId, order.totalCents))
    }
}
