-- The state of each pair, as the engine's SyncState holds it: one row per pair (the rules and the
-- sides' versions it last agreed at, and a revision that every save advances), one per uid.
create table event_sync_pair (
  pair_key   text primary key,
  pair       text,
  agreement  text,
  revision   bigint not null,
  saved_at   timestamptz not null default now()
);

create table event_sync_record (
  pair_key       text not null references event_sync_pair (pair_key) on delete cascade,
  uid            text not null,
  source_id      text,
  source_hash    text,
  href           text,
  calendar_hash  text,
  ever_approved  boolean not null,
  uid_spent      boolean not null,
  -- The version both sides last agreed on, as JSON text (jsonb would refuse the escape \u0000).
  base           text,
  primary key (pair_key, uid)
);
