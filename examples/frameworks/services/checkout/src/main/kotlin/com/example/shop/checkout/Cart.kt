package com.example.shop.checkout

import com.example.shop.catalog.Product
import com.example.shop.money.Currency
import com.example.shop.money.Money

/** One product and how many of it. */
data class CartLine(val product: Product, val quantity: Int) {
    init {
        require(quantity > 0) { "quantity must be positive: $quantity" }
    }

    val total: Money get() = product.price().times(quantity.toLong())
}

/** A shopping cart in one currency; adding a product again raises its quantity. */
class Cart(val currency: Currency) {
    private val lines = linkedMapOf<String, CartLine>()

    fun add(product: Product, quantity: Int = 1): Cart {
        require(product.price().currency() == currency) { "${product.sku()} is not priced in $currency" }
        val previous = lines[product.sku()]?.quantity ?: 0
        lines[product.sku()] = CartLine(product, previous + quantity)
        return this
    }

    fun remove(sku: String): Cart {
        lines.remove(sku)
        return this
    }

    val items: List<CartLine> get() = lines.values.toList()

    val subtotal: Money get() = items.fold(Money.zero(currency)) { sum, line -> sum.plus(line.total) }

    fun isEmpty(): Boolean = lines.isEmpty()
}
