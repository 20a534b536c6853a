package com.myorg.billing;

import com.myorg.platform.core.CustomerId;
import com.myorg.platform.core.Money;

public record Invoice(String number, CustomerId customer, Money total) {}
