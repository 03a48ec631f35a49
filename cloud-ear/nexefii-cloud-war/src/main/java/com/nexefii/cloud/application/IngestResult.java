package com.nexefii.cloud.application;

/** What one ingest batch did: new records, absorbed duplicates, sequence gaps found, events refused. */
public record IngestResult(int inserted, int duplicates, long gaps, int rejected) {

    public IngestResult plus(IngestResult other) {
        return new IngestResult(inserted + other.inserted, duplicates + other.duplicates, gaps + other.gaps,
                rejected + other.rejected);
    }

    public static IngestResult none() {
        return new IngestResult(0, 0, 0, 0);
    }
}
