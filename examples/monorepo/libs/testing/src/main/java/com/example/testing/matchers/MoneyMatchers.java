package com.example.testing.matchers;

import com.example.core.model.Money;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Hamcrest matchers for {@link Money}. */
public final class MoneyMatchers {
    private MoneyMatchers() {
    }

    /** Matches an amount given as text, e.g. {@code isAmount("12.34")}. */
    public static Matcher<Money> isAmount(String expected) {
        final Money wanted = Money.parse(expected);
        return new TypeSafeMatcher<Money>() {
            @Override
            protected boolean matchesSafely(Money actual) {
                return wanted.equals(actual);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an amount of ").appendValue(wanted);
            }
        };
    }

    public static Matcher<Money> isFree() {
        return isAmount("0.00");
    }
}
