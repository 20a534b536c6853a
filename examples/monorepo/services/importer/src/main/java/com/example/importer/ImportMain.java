package com.example.importer;

import com.example.analytics.stock.Reorder;
import com.example.analytics.stock.StockAnalysis;
import com.example.core.model.Item;
import com.example.importer.check.ImportChecker;
import com.example.importer.check.Problem;
import com.example.util.csv.ItemCsv;
import com.example.util.io.TextFiles;
import java.io.File;
import java.util.List;
import org.apache.commons.io.FilenameUtils;

/** Usage: {@code importer items.csv}: prints problems and reorder suggestions; exit 1 on problems. */
public final class ImportMain {
    private ImportMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: importer <items.csv>");
            System.exit(2);
        }
        File file = new File(args[0]);
        System.out.println("Checking " + FilenameUtils.getName(file.getPath()));
        int problems = run(TextFiles.readLines(file));
        System.exit(problems == 0 ? 0 : 1);
    }

    /** Prints the report for the given CSV lines; returns the number of problems. */
    static int run(List<String> lines) {
        List<Item> items = new ItemCsv().read(lines);
        List<Problem> problems = new ImportChecker(100_000).check(items);
        for (Problem p : problems) {
            System.out.println("PROBLEM " + p);
        }
        StockAnalysis analysis = new StockAnalysis(items, 5);
        System.out.println("Prices: " + analysis.priceSummary());
        for (Reorder r : analysis.reordersAsJava()) {
            System.out.println("Reorder " + r.units() + " x " + r.sku());
        }
        return problems.size();
    }
}
