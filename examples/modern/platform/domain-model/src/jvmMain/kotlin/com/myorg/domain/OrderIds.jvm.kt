package com.myorg.domain

import com.myorg.platform.core.CustomerId
import java.util.UUID

actual fun newOrderId(): String = "O-" + UUID.randomUUID()

fun Order.customer(): CustomerId = CustomerId(customerId)
