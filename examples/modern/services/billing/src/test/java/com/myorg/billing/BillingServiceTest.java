package com.myorg.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.myorg.platform.core.CustomerId;
import com.myorg.platform.core.Money;
import org.junit.jupiter.api.Test;

class BillingServiceTest {

    @Test
    void numbersInvoicesSequentially() {
        BillingService billing = new BillingService();
        CustomerId customer = new CustomerId("C-000042");
        billing.invoice(customer, Money.of("10.00", "EUR"));
        assertEquals("INV-00002", billing.invoice(customer, Money.of("5.00", "EUR")).number());
    }
}
