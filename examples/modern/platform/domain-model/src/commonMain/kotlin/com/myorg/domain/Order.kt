package com.myorg.domain

import kotlinx.datetime.Instant

enum class OrderStatus { OPEN, PAID, SHIPPED, CANCELLED }

data class OrderLine(val sku: String, val quantity: Int, val unitPriceCents: Long) {
    val totalCents: Long get() = quantity * unitPriceCents
}

data class Order(
    val id: String,
    val customerId: String,
    val placedAt: Instant,
    val lines: List<OrderLine>,
    val status: OrderStatus = OrderStatus.OPEN,
) {
    val totalCents: Long get() = lines.sumOf { it.totalCents }
}

expect fun newOrderId(): String
