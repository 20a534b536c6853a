package com.myorg.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOrderImporterTest {

    @TempDir File dir;

    @Test
    void readsRows() throws Exception {
        File csv = new File(dir, "orders.csv");
        Files.writeString(csv.toPath(), "customer,sku,quantity,unitPriceCents\nC-000042,SKU-1,2,150\n");
        List<CsvOrderImporter.Row> rows = new CsvOrderImporter().read(csv);
        assertEquals(List.of(new CsvOrderImporter.Row("C-000042", "SKU-1", 2, 150)), rows);
    }
}
