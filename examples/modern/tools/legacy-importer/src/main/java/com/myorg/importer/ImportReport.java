package com.myorg.importer;

import com.myorg.platform.json.JsonCodec;
import java.util.List;

/** A JSON summary of one import run, written next to the CSV. */
public final class ImportReport {

    private final JsonCodec json = new JsonCodec();

    public String render(List<CsvOrderImporter.Row> rows) {
        return json.write(new Summary(rows.size(),
                rows.stream().map(CsvOrderImporter.Row::customerId).distinct().count()));
    }

    record Summary(int rows, long customers) {}
}
