package com.myorg.cli

import com.myorg.billing.BillingService
import com.myorg.domain.OrderLine
import com.myorg.importer.CsvOrderImporter
import com.myorg.orders.OrderService
import com.myorg.platform.core.CustomerId
import com.myorg.platform.core.Money
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Parameters
import java.io.File
import java.math.BigDecimal
import java.util.concurrent.Callable
import kotlin.system.exitProcess

@Command(name = "orders", mixinStandardHelpOptions = true, description = ["Import and bill a CSV of orders."])
class OrdersCommand : Callable<Int> {
    @Parameters(index = "0", description = ["CSV file: customer,sku,quantity,unitPriceCents"])
    lateinit var file: File

    override fun call(): Int {
        val orders = OrderService()
        val billing = BillingService()
        for ((customer, rows) in CsvOrderImporter().read(file).groupBy { it.customerId }) {
            val order = orders.place(customer, rows.map { OrderLine(it.sku, it.quantity, it.unitPriceCents) })
            val total = Money(BigDecimal.valueOf(order.totalCents, 2), java.util.Currency.getInstance("EUR"))
            println(billing.invoice(CustomerId(customer), total))
            println(orders.summaryJson(order.id))
        }
        return 0
    }
}

fun main(args: Array<String>) {
    exitProcess(CommandLine(OrdersCommand()).execute(*args))
}
