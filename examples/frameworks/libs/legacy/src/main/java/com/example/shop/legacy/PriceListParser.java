package com.example.shop.legacy;

import com.example.shop.money.Currency;
import com.example.shop.money.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads the back office's export: one {@code SKU;amount;currency} per line, {@code #} comments,
 * blank lines ignored, and a decimal comma accepted ({@code 9,90}).
 */
public final class PriceListParser {
    public PriceList parse(List<String> lines) {
        PriceList list = new PriceList();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(";", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException("line " + number + ": expected 3 fields, got " + fields.length);
            }
            list.put(fields[0].trim(), money(fields[1].trim().replace(',', '.'), fields[2].trim(), number));
        }
        return list;
    }

    private static Money money(String amount, String code, int number) {
        try {
            Currency currency = Currency.fromCode(code);
            return Money.ofMinor(new BigDecimal(amount).movePointRight(currency.minorDigits()).longValueExact(), currency);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
        }
    }
}
