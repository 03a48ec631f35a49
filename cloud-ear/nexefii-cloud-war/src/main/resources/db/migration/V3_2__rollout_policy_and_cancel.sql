-- Rollouts: what to do with a gateway that is not connected at its turn (wait up to offline_wait_seconds,
-- counted from waiting_since, then SKIP it or STOP), and cancellation by a platform admin (CANCELLED).

alter table package_rollouts drop constraint package_rollouts_state_check;
alter table package_rollouts add constraint package_rollouts_state_check
    check (state in ('RUNNING', 'COMPLETED', 'STOPPED', 'CANCELLED'));

alter table package_rollouts
    add column offline_wait_seconds integer not null default 300 check (offline_wait_seconds between 0 and 86400),
    add column on_offline text not null default 'STOP' check (on_offline in ('SKIP', 'STOP')),
    add column waiting_since timestamptz;
