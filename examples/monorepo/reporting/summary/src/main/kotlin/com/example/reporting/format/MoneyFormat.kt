@file:JvmName("MoneyFormat")

package com.example.reporting.format

import com.example.core.model.Money
import java.math.BigDecimal
import java.text.DecimalFormat
import java.text.DecimalFormatSymbols
import java.util.Locale

private val GROUPED = DecimalFormat("#,##0.00", DecimalFormatSymbols(Locale.ROOT))

/** `1234567` cents → `"12,345.67 EUR"`. */
fun Money.formatAmount(): String =
    GROUPED.format(BigDecimal.valueOf(cents(), 2)) + " " + currency()

/** Share of [part] in [whole] as a whole percentage, 0 when [whole] is zero. */
fun percentOf(part: Money, whole: Money): Int =
    if (whole.cents() == 0L) 0 else Math.round(part.cents() * 100.0 / whole.cents()).toInt()
