package com.nexefii.gateway.deploy;

import java.util.List;

/**
 * What {@link ConfigurationSnapshots#restore} changed.
 *
 * @param snapshotId the restored snapshot
 * @param undoSnapshotId the snapshot taken just before, to undo the restore
 * @param created PIDs created
 * @param updated PIDs whose properties changed
 * @param deleted PIDs deleted
 */
public record RestoreReport(String snapshotId, String undoSnapshotId, List<String> created, List<String> updated,
        List<String> deleted) {

    public RestoreReport {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
    }
}
