-- Network control (issue 8): the RouterOS PPP profile and the RADIUS rate limit of a package.
ALTER TABLE packages
  ADD COLUMN profile text NOT NULL DEFAULT '' CHECK (char_length(profile) <= 60),
  ADD COLUMN rate_limit text NOT NULL DEFAULT '' CHECK (char_length(rate_limit) <= 100);
