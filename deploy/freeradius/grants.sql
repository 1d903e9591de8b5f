-- Billing suite: what FreeRADIUS' database role may do (and nothing more): read the RADIUS
-- views, write accounting and login records. Run as the owner of the billing database after
-- the network service has started once (it creates the views), e.g.
--   sudo -u postgres psql -d billing -f grants.sql
-- The role is called `radius` here; create it first:
--   CREATE ROLE radius LOGIN PASSWORD '<a long random password>';
GRANT USAGE ON SCHEMA network TO radius;
GRANT SELECT ON network.radcheck, network.radreply, network.radusergroup,
  network.radgroupreply, network.radgroupcheck TO radius;
GRANT SELECT, INSERT, UPDATE ON network.radacct, network.nasreload TO radius;
GRANT INSERT ON network.radpostauth TO radius;
GRANT USAGE ON SEQUENCE network.radacct_radacctid_seq, network.radpostauth_id_seq TO radius;
-- The stock accounting-on query names `nasreload` without a schema.
ALTER ROLE radius SET search_path = network;
