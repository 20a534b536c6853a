package com.example.testing.matchers;

import static com.example.testing.matchers.MoneyMatchers.isAmount;
import static com.example.testing.matchers.MoneyMatchers.isFree;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;

import com.example.core.model.Money;
import com.example.testing.fixtures.SampleItems;
import org.junit.Test;

public class MoneyMatchersTest {
    @Test
    public void matchesAmounts() {
        assertThat(Money.ofCents(1234), isAmount("12.34"));
        assertThat(Money.ofCents(1), not(isFree()));
        assertThat(SampleItems.kettle().stockValue(), isFree());
    }
}
