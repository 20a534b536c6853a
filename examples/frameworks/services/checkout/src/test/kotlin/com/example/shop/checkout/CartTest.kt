package com.example.shop.checkout

import com.example.shop.catalog.Product
import com.example.shop.money.Currency
import com.example.shop.money.Money
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class CartTest {
    private val hammer = Product("HW-0001", "Hammer", Money.parse("9.90 EUR"))
    private val screws = Product("HW-0002", "Screws (100)", Money.parse("4.50 EUR"))

    @Test
    fun `adding a product twice raises its quantity`() {
        val cart = Cart(Currency.EUR).add(hammer).add(screws, 2).add(hammer)
        assertEquals(listOf(2, 2), cart.items.map { it.quantity })
        assertEquals(Money.parse("28.80 EUR"), cart.subtotal)
    }

    @Test
    fun removingTheLastLineEmptiesTheCart() {
        val cart = Cart(Currency.EUR).add(hammer).remove("HW-0001")
        assertTrue(cart.isEmpty())
        assertEquals(Money.zero(Currency.EUR), cart.subtotal)
    }

    @Test
    fun refusesProductsPricedInAnotherCurrency() {
        assertThrows(IllegalArgumentException::class.java) {
            Cart(Currency.USD).add(hammer)
        }
    }
}
