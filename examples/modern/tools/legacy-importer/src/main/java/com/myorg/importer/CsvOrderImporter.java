package com.myorg.importer;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads the order exports of the legacy shop: customer,sku,quantity,unitPriceCents. */
public final class CsvOrderImporter {

    public record Row(String customerId, String sku, int quantity, long unitPriceCents) {}

    public List<Row> read(File file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        List<Row> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            for (CSVRecord r : format.parse(in)) {
                rows.add(new Row(r.get("customer"), r.get("sku"),
                        Integer.parseInt(r.get("quantity")), Long.parseLong(r.get("unitPriceCents"))));
            }
        }
        return rows;
    }
}
