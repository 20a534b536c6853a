package com.myorg.platform.json;

import static com.myorg.platform.core.testing.MoneyAssertions.assertMoney;

import com.myorg.platform.core.Money;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void roundTripsMoney() {
        assertMoney(codec.readMoney(codec.write(Money.of("9.99", "USD"))), "9.99", "USD");
    }
}
