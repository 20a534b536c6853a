package com.myorg.billing;

import com.myorg.platform.core.CustomerId;
import com.myorg.platform.core.Money;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class BillingService {

    private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);

    private final AtomicInteger sequence = new AtomicInteger();

    public Invoice invoice(CustomerId customer, Money total) {
        Invoice invoice = new Invoice("INV-%05d".formatted(sequence.incrementAndGet()), customer, total);
        LOG.info("issued {} for {}", invoice.number(), customer.value());
        return invoice;
    }
}
