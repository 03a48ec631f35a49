package com.nexefii.event.store.log;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        id = EventStoreComponent.PID,
        name = "Nexefii event store",
        description = "Durable store-and-forward queue of lock events: where it lives, what an append promises, "
                + "and how much it may hold before it sheds telemetry, then normal events (never security events).")
@interface EventStoreConfig {

    @AttributeDefinition(name = "Data directory",
            description = "Directory of the segment files. Empty: the bundle's own data area.", required = false)
    String dataDirectory() default "";

    @AttributeDefinition(name = "Durability mode",
            description = "FSYNC_EACH: one fsync per event. GROUP_COMMIT: concurrent events share an fsync, "
                    + "each append still returns only once its event is on disk. OS_BUFFERED: UNSAFE, events "
                    + "since the last periodic flush are lost on a power cut.",
            options = {
                @Option(label = "Group commit (safe, fast)", value = "GROUP_COMMIT"),
                @Option(label = "fsync each event (safe, slow)", value = "FSYNC_EACH"),
                @Option(label = "OS buffered (UNSAFE on power cut)", value = "OS_BUFFERED") })
    String durabilityMode() default "GROUP_COMMIT";

    @AttributeDefinition(name = "Group commit max delay (µs)",
            description = "How long a flush may wait for more events. 0: flush at once; events arriving during "
                    + "a flush share the next one.")
    long groupCommitMaxDelayMicros() default 0;

    @AttributeDefinition(name = "Group commit max batch",
            description = "Flush at once when this many events wait, even within the max delay.")
    int groupCommitMaxBatch() default 1000;

    @AttributeDefinition(name = "OS buffered flush interval (ms)",
            description = "How often OS_BUFFERED forces the file to disk.")
    long osBufferedFlushIntervalMillis() default 1000;

    @AttributeDefinition(name = "Segment size (MiB)",
            description = "Size at which a new segment file is started; fully acknowledged segments are deleted.")
    int segmentSizeMiB() default 16;

    @AttributeDefinition(name = "Capacity (MiB)",
            description = "Bytes of events waiting for the cloud. When full, telemetry is shed first, then normal "
                    + "events, oldest first; security events are always kept. Each shedding raises an alarm.")
    long capacityMiB() default 256;

    @AttributeDefinition(name = "Maximum age (hours)",
            description = "Telemetry and normal events older than this are shed; security events are kept.")
    long maxAgeHours() default 720;

    @AttributeDefinition(name = "Alarm interval (s)",
            description = "At most one store-full alarm per interval, carrying the counts since the last one.")
    int alarmIntervalSeconds() default 60;
}
