package com.example.shop.checkout

import com.example.shop.catalog.Catalog
import com.example.shop.money.Money

/** What the customer pays: subtotal, minus the discount, plus VAT on the discounted amount. */
data class Quote(val subtotal: Money, val discount: Money, val vat: Money) {
    val total: Money get() = subtotal.minus(discount).plus(vat)
}

/** Prices carts against the catalog. Discount codes are "SAVE<n>" for n % off. */
class Checkout(private val catalog: Catalog, private val vatPercent: Int) {

    fun cartOf(currency: com.example.shop.money.Currency, vararg skus: String): Cart =
        skus.fold(Cart(currency)) { cart, sku -> cart.add(catalog.get(sku)) }

    fun quote(cart: Cart, discountCode: String? = null): Quote {
        require(!cart.isEmpty()) { "cannot check out an empty cart" }
        val subtotal = cart.subtotal
        val discount = subtotal.percent(discountPercent(discountCode))
        val vat = subtotal.minus(discount).percent(vatPercent)
        return Quote(subtotal, discount, vat)
    }

    private fun discountPercent(code: String?): Int {
        if (code == null) return 0
        val percent = code.removePrefix("SAVE").toIntOrNull()
        require(code.startsWith("SAVE") && percent != null && percent in 1..50) { "invalid discount code: $code" }
        return percent
    }
}
