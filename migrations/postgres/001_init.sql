-- paperbot's shared records, for several instances on one database (DATABASE_URL). Times are milliseconds since
-- the epoch (bigint), as in the SQLite files they mirror.

-- The bot's small state (subscriptions, daily settings, remembered buttons): one row holding the same JSON as
-- state.json. `version` grows with every write, so a reader fetches the document only when it changed.
CREATE TABLE paperbot_state (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL,
  data jsonb NOT NULL
);
INSERT INTO paperbot_state (id, version, data)
VALUES (1, 0, '{"version": 1, "subscriptions": [], "dailies": {}, "actions": {}}');

-- Daily posts and weekly digests: the primary key (channel, local date or ISO week) makes each claim exactly-once.
CREATE TABLE posts (
  channel text NOT NULL,
  local_date text NOT NULL,
  paper_id text,
  topic text,
  archive boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
  claim text NOT NULL,
  owner text NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  message_id text,
  error text,
  claimed_at bigint NOT NULL,
  finished_at bigint,
  PRIMARY KEY (channel, local_date)
);
CREATE TABLE digests (LIKE posts INCLUDING ALL);

CREATE TABLE digest_settings (
  channel text PRIMARY KEY, day text NOT NULL, time text NOT NULL, timezone text NOT NULL
);
CREATE TABLE shown (
  channel text NOT NULL, paper_id text NOT NULL, url text NOT NULL, at bigint NOT NULL,
  PRIMARY KEY (channel, paper_id)
);
CREATE TABLE pauses (channel text PRIMARY KEY, reason text NOT NULL, at bigint NOT NULL);
CREATE TABLE votes (
  channel text NOT NULL, paper_id text NOT NULL, voter text NOT NULL,
  vote text NOT NULL CHECK (vote IN ('up', 'down')), at bigint NOT NULL,
  PRIMARY KEY (channel, paper_id, voter)
);
CREATE TABLE dry_notices (
  channel text PRIMARY KEY, local_date text NOT NULL, reason text NOT NULL, at bigint NOT NULL
);

-- Reading lists; `id` orders papers saved in the same millisecond, as SQLite's rowid does.
CREATE TABLE saved_papers (
  id bigserial UNIQUE,
  channel text NOT NULL,
  paper_id text NOT NULL,
  saved_by text NOT NULL,
  saved_at bigint NOT NULL,
  note text,
  read_at bigint,
  zotero_key text,
  PRIMARY KEY (channel, paper_id)
);
CREATE INDEX saved_papers_by_time ON saved_papers (channel, saved_at DESC, id DESC);

-- Slack workspaces the app is installed in (OAuth), and each channel's workspace.
CREATE TABLE slack_installations (
  workspace text PRIMARY KEY, bot_token text NOT NULL, installation jsonb NOT NULL, installed_at bigint NOT NULL
);
CREATE TABLE slack_channels (channel text PRIMARY KEY, workspace text NOT NULL);
CREATE INDEX slack_channels_by_workspace ON slack_channels (workspace);

-- Every ingest on any instance, appended in order: each instance's search index (DATA_DIR/papers.db) is a cache
-- built from these rows, pulled by `seq`.
CREATE TABLE papers (
  seq bigserial PRIMARY KEY,
  entry jsonb NOT NULL,
  at bigint NOT NULL
);

-- Names this database, so that a cache built from another one is rebuilt rather than continued.
CREATE TABLE paperbot_database (id integer PRIMARY KEY CHECK (id = 1), uid uuid NOT NULL DEFAULT gen_random_uuid());
INSERT INTO paperbot_database (id) VALUES (1);
