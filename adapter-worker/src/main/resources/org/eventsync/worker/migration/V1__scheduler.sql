-- db-scheduler's table (its PostgreSQL layout): one row per pair, the next time it runs, and
-- which worker has picked it and when that worker last showed it is alive.
create table event_sync_scheduled_tasks (
  task_name             text not null,
  task_instance         text not null,
  task_data             bytea,
  execution_time        timestamp with time zone not null,
  picked                boolean not null,
  picked_by             text,
  last_success          timestamp with time zone,
  last_failure          timestamp with time zone,
  consecutive_failures  int,
  last_heartbeat        timestamp with time zone,
  version               bigint not null,
  priority              smallint,
  primary key (task_name, task_instance)
);
create index event_sync_scheduled_tasks_execution_time on event_sync_scheduled_tasks (execution_time);
create index event_sync_scheduled_tasks_last_heartbeat on event_sync_scheduled_tasks (last_heartbeat);
create index event_sync_scheduled_tasks_priority on event_sync_scheduled_tasks (priority desc, execution_time asc);

-- Every run of a pair: which worker, when it was due, from when to when, how it ended
-- (finished_at stays empty when the worker died during the run), and the milliseconds the worker
-- itself spent around the sync (the host budget, these rows, the next schedule). Operators read
-- it; the tests check that no two runs of a pair overlap.
create table event_sync_runs (
  id           bigserial primary key,
  pair_key     text not null,
  worker       text not null,
  due_at       timestamp with time zone,
  started_at   timestamp with time zone not null default clock_timestamp(),
  finished_at  timestamp with time zone,
  outcome      text,
  overhead_ms  integer
);
create index event_sync_runs_pair on event_sync_runs (pair_key, started_at);

-- A hook asked for a run of the pair while it was running: it runs again as soon as it ends.
create table event_sync_triggers (
  pair_key      text primary key,
  requested_at  timestamp with time zone not null default clock_timestamp()
);
