-- RADIUS: the FreeRADIUS 3 SQL schema (rlm_sql, dialect postgresql) over network.subscribers
-- and network.policy, so FreeRADIUS authorises PPPoE logins from our data. See docs/network.md
-- and deploy/freeradius/README.md.
--
-- Rules (one row of `subscribers` decides each PPPoE username, compared lower-cased; the
-- FreeRADIUS sql module sends the lower-cased User-Name, see deploy/freeradius/mods-available/sql):
--   active    Cleartext-Password; group pkg-<package_id>; reply Mikrotik-Rate-Limit per user
--   isolated  Cleartext-Password; group isolir (Framed-Pool, Mikrotik-Address-List from policy)
--   inactive, deleted, or without a password: Auth-Type := Reject
-- The rate limit is a per-user reply (radreply), not a group reply: it is stored on every
-- subscriber row, and two rows of one package can briefly disagree while a package change is
-- being mirrored; a per-user reply is right in every case. The pkg-<id> group stays for sites
-- that want to recognise the package (e.g. in unlang); it has no group reply of its own.
-- The views compute no window functions, so FreeRADIUS' `WHERE username = '...'` is pushed
-- down to the index below.

-- Every row (deleted ones too) by lower-cased username: the views look up deleted users as well.
CREATE INDEX subscribers_username_any ON subscribers (lower(username));

-- The one subscriber row that speaks for each PPPoE username: a live (not deleted) row wins
-- over deleted ones, then the most recently changed. Not meant for FreeRADIUS itself.
CREATE VIEW radius_users AS
SELECT DISTINCT ON (lower(s.username))
       lower(s.username) AS username,
       s.customer_id,
       s.password,
       s.package_id,
       s.rate_limit,
       CASE
         WHEN s.deleted OR s.password = '' THEN 'reject'
         WHEN s.status = 'active' THEN 'active'
         WHEN s.status = 'isolated' THEN 'isolated'
         ELSE 'reject'
       END AS state
  FROM subscribers s
 WHERE s.username <> ''
 ORDER BY lower(s.username), s.deleted, s.updated_at DESC, s.customer_id DESC;

-- Ids: customer_id is unique per username (one row per username above); each view emits at most
-- one row per user, so customer_id is a unique id.
CREATE VIEW radcheck AS
SELECT u.customer_id AS id,
       u.username,
       CASE WHEN u.state = 'reject' THEN 'Auth-Type' ELSE 'Cleartext-Password' END AS attribute,
       ':='::text AS op,
       CASE WHEN u.state = 'reject' THEN 'Reject' ELSE u.password END AS value
  FROM radius_users u;

CREATE VIEW radreply AS
SELECT u.customer_id AS id,
       u.username,
       'Mikrotik-Rate-Limit'::text AS attribute,
       ':='::text AS op,
       u.rate_limit AS value
  FROM radius_users u
 WHERE u.state = 'active' AND u.rate_limit <> '';

CREATE VIEW radusergroup AS
SELECT u.customer_id AS id,
       u.username,
       CASE WHEN u.state = 'isolated' THEN 'isolir' ELSE 'pkg-' || u.package_id END AS groupname,
       1 AS priority
  FROM radius_users u
 WHERE u.state = 'isolated' OR (u.state = 'active' AND u.package_id IS NOT NULL);

CREATE VIEW radgroupreply AS
SELECT 1 AS id, 'isolir'::text AS groupname, 'Framed-Pool'::text AS attribute,
       ':='::text AS op, p.isolir_pool AS value
  FROM policy p
 WHERE p.isolir_pool <> ''
UNION ALL
SELECT 2, 'isolir', 'Mikrotik-Address-List', ':=', p.isolir_address_list
  FROM policy p
 WHERE p.isolir_address_list <> '';

-- FreeRADIUS reads group check items for every group (read_groups = yes); we have none.
CREATE VIEW radgroupcheck AS
SELECT 0 AS id, ''::text AS groupname, ''::text AS attribute, ':='::text AS op, ''::text AS value
 WHERE false;

-- Sessions, written by FreeRADIUS' accounting queries (queries.conf of FreeRADIUS 3.0/3.2).
CREATE TABLE radacct (
  radacctid           bigserial PRIMARY KEY,
  acctsessionid       text NOT NULL,
  acctuniqueid        text NOT NULL UNIQUE,  -- ON CONFLICT (AcctUniqueId) in start/stop
  username            text,
  realm               text,
  nasipaddress        inet NOT NULL,
  nasportid           text,
  nasporttype         text,
  acctstarttime       timestamptz,
  acctupdatetime      timestamptz,
  acctstoptime        timestamptz,
  acctinterval        bigint,
  acctsessiontime     bigint,
  acctauthentic       text,
  connectinfo_start   text,
  connectinfo_stop    text,
  acctinputoctets     bigint,
  acctoutputoctets    bigint,
  calledstationid     text,
  callingstationid    text,
  acctterminatecause  text,
  servicetype         text,
  framedprotocol      text,
  framedipaddress     inet,
  framedipv6address   inet,
  framedipv6prefix    inet,
  framedinterfaceid   text,
  delegatedipv6prefix inet,
  class               text
);
-- Interim-update and stop look up the open session by its unique id.
CREATE INDEX radacct_open_session ON radacct (acctuniqueid) WHERE acctstoptime IS NULL;
-- Accounting-On/Off closes every open session of a NAS.
CREATE INDEX radacct_open_by_nas ON radacct (nasipaddress, acctstarttime)
  WHERE acctstoptime IS NULL;
-- Open sessions of a user (simultaneous-use checks, "who is online").
CREATE INDEX radacct_open_by_user ON radacct (username) WHERE acctstoptime IS NULL;
CREATE INDEX radacct_start_user ON radacct (acctstarttime, username);

-- Accounting-On/Off from a rebooted NAS (the queries name this table without a schema).
CREATE TABLE nasreload (
  nasipaddress inet PRIMARY KEY,
  reloadtime   timestamptz NOT NULL
);

-- Every Access-Accept/Reject, written by FreeRADIUS' post-auth query.
CREATE TABLE radpostauth (
  id               bigserial PRIMARY KEY,
  username         text NOT NULL,
  pass             text,
  reply            text,
  calledstationid  text,
  callingstationid text,
  authdate         timestamptz NOT NULL DEFAULT now(),
  class            text
);
CREATE INDEX radpostauth_username ON radpostauth (username, authdate);

-- Never keep the passwords typed in failed or successful logins (the stock post-auth query
-- stores User-Password in `pass`).
CREATE FUNCTION radpostauth_drop_password() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.pass := NULL;
  RETURN NEW;
END;
$$;
CREATE TRIGGER radpostauth_drop_password BEFORE INSERT OR UPDATE ON radpostauth
  FOR EACH ROW EXECUTE FUNCTION radpostauth_drop_password();
