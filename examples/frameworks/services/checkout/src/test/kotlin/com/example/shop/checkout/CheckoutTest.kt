package com.example.shop.checkout

import com.example.shop.catalog.Catalog
import com.example.shop.catalog.Product
import com.example.shop.money.Currency
import com.example.shop.money.Money
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test

class CheckoutTest {
    private val catalog = Catalog()
        .add(Product("HW-0001", "Hammer", Money.parse("9.90 EUR")))
        .add(Product("KT-0007", "Kettle", Money.parse("31.99 EUR")))
    private val checkout = Checkout(catalog, vatPercent = 20)

    @Test
    fun quotesSubtotalVatAndTotal() {
        val quote = checkout.quote(checkout.cartOf(Currency.EUR, "HW-0001", "KT-0007"))
        assertEquals(Money.parse("41.89 EUR"), quote.subtotal)
        assertEquals(Money.parse("8.38 EUR"), quote.vat)
        assertEquals(Money.parse("50.27 EUR"), quote.total)
    }

    @Test
    @DisplayName("a discount code is applied before VAT")
    fun discountBeforeVat() {
        val quote = checkout.quote(checkout.cartOf(Currency.EUR, "KT-0007"), discountCode = "SAVE10")
        assertEquals(Money.parse("3.20 EUR"), quote.discount)
        assertEquals(Money.parse("5.76 EUR"), quote.vat)
        assertEquals(Money.parse("34.55 EUR"), quote.total)
    }

    @Test
    fun rejectsUnknownCodesAndEmptyCarts() {
        val cart = checkout.cartOf(Currency.EUR, "HW-0001")
        assertThrows(IllegalArgumentException::class.java) { checkout.quote(cart, "FREE") }
        assertThrows(IllegalArgumentException::class.java) { checkout.quote(Cart(Currency.EUR)) }
    }
}
